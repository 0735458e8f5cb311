package io.cairn.node.query;

import io.cairn.cql.ConsistencyLevel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * How one statement executes: its bound values, consistency, paging and timestamp.
 *
 * @param values           bound values by marker index: null for NULL, {@link #UNSET} for an
 *                         unset value (the column is left untouched)
 * @param valueNames       with named values, the name of each value; null otherwise
 * @param pageSize         rows per page; 0 or less reads everything
 * @param pagingState      where the previous page stopped, or null for the first page
 * @param timestampMicros  the client's default timestamp, or {@link #NO_TIMESTAMP}
 * @param keyspace         the keyspace for unqualified names (protocol v5), or null for the
 *                         session's
 * @param serialConsistency the level at which a lightweight transaction's Paxos rounds agree
 *                         (SERIAL or LOCAL_SERIAL; SERIAL when the request names none), while
 *                         {@code consistency} is the level of its commit
 */
public record QueryOptions(ConsistencyLevel consistency, List<ByteBuffer> values, List<String> valueNames,
                           int pageSize, ByteBuffer pagingState, long timestampMicros, String keyspace,
                           ConsistencyLevel serialConsistency) {

    /** The value of a bound variable that is unset. Compared by identity. */
    public static final ByteBuffer UNSET = ByteBuffer.allocate(0).asReadOnlyBuffer();

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public static final QueryOptions DEFAULT = new QueryOptions(ConsistencyLevel.ONE, List.of(), null, 0, null,
            NO_TIMESTAMP, null, ConsistencyLevel.SERIAL);

    public QueryOptions {
        Objects.requireNonNull(consistency, "consistency");
        serialConsistency = serialConsistency == null ? ConsistencyLevel.SERIAL : serialConsistency;
        values = values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
        valueNames = valueNames == null ? null : List.copyOf(valueNames);
    }

    public static QueryOptions of(ByteBuffer... values) {
        return DEFAULT.withValues(java.util.Arrays.asList(values));
    }

    public QueryOptions withValues(List<ByteBuffer> newValues) {
        return new QueryOptions(consistency, newValues, null, pageSize, pagingState, timestampMicros, keyspace,
                serialConsistency);
    }

    public QueryOptions withPaging(int newPageSize, ByteBuffer newPagingState) {
        return new QueryOptions(consistency, values, valueNames, newPageSize, newPagingState, timestampMicros, keyspace,
                serialConsistency);
    }

    public QueryOptions withConsistency(ConsistencyLevel level) {
        return new QueryOptions(level, values, valueNames, pageSize, pagingState, timestampMicros, keyspace,
                serialConsistency);
    }

    public QueryOptions withTimestamp(long micros) {
        return new QueryOptions(consistency, values, valueNames, pageSize, pagingState, micros, keyspace,
                serialConsistency);
    }

    public QueryOptions withSerialConsistency(ConsistencyLevel level) {
        return new QueryOptions(consistency, values, valueNames, pageSize, pagingState, timestampMicros, keyspace,
                level);
    }

    public boolean hasTimestamp() {
        return timestampMicros != NO_TIMESTAMP;
    }
}
