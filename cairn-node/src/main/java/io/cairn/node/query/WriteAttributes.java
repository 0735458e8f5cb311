package io.cairn.node.query;

import io.cairn.cql.ast.UsingClause;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.TableMetadata;

import java.nio.ByteBuffer;

/** A write's USING TIMESTAMP and TTL: their analysis and the values they bind to, with Cassandra's checks. */
final class WriteAttributes {

    /** Cassandra's cap on a TTL: 20 years. */
    static final int MAX_TTL_SECONDS = 20 * 365 * 24 * 60 * 60;

    private WriteAttributes() {
    }

    static BoundTerm timestamp(UsingClause using, TableMetadata table, TermAnalyzer terms) {
        return using.hasTimestamp() ? terms.analyze(using.timestamp(),
                new ResultColumn(table.keyspace(), table.name(), "[timestamp]", NativeType.BIGINT)) : null;
    }

    static BoundTerm ttl(UsingClause using, TableMetadata table, TermAnalyzer terms) {
        return using.hasTtl() ? terms.analyze(using.ttl(),
                new ResultColumn(table.keyspace(), table.name(), "[ttl]", NativeType.INT)) : null;
    }

    /**
     * The microsecond timestamp of an execution's writes: the statement's own ({@code timestamp},
     * or null), else the batch's, else the client's, else "now".
     */
    static long timestampMicros(BoundTerm timestamp, ExecutionContext context, long batchTimestamp) {
        if (timestamp != null) {
            ByteBuffer value = timestamp.bind(context);
            if (value == null) {
                throw CqlException.invalid("Invalid null value of timestamp");
            }
            if (value != QueryOptions.UNSET) {
                long micros = value.getLong(value.position());
                return checkedTimestamp(micros);
            }
        }
        if (batchTimestamp != QueryOptions.NO_TIMESTAMP) {
            return batchTimestamp;
        }
        return context.options().hasTimestamp() ? context.options().timestampMicros() : context.nowMicros();
    }

    /** A USING TIMESTAMP value, refused when it is the minimum a long holds (reserved for tombstones). */
    static long checkedTimestamp(long micros) {
        if (micros == Long.MIN_VALUE) {
            throw CqlException.invalid("Out of bound timestamp, must be in [" + (Long.MIN_VALUE + 1) + ", "
                    + Long.MAX_VALUE + "]");
        }
        return micros;
    }

    /** The TTL of an execution's writes: the statement's ({@code ttl}, or null) or the table's default. */
    static int ttlSeconds(BoundTerm ttl, TableMetadata table, ExecutionContext context) {
        if (ttl == null) {
            return table.params().defaultTimeToLiveSeconds();
        }
        ByteBuffer value = ttl.bind(context);
        if (value == null) {
            throw CqlException.invalid("Invalid null value of TTL");
        }
        if (value == QueryOptions.UNSET) {
            return table.params().defaultTimeToLiveSeconds();
        }
        int seconds = value.getInt(value.position());
        if (seconds < 0) {
            throw CqlException.invalid("A TTL must be greater or equal to 0, but was " + seconds);
        }
        if (seconds > MAX_TTL_SECONDS) {
            throw CqlException.invalid("ttl is too large. requested (" + seconds + ") maximum (" + MAX_TTL_SECONDS
                    + ")");
        }
        return seconds;
    }
}
