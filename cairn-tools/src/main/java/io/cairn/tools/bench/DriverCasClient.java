package io.cairn.tools.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@link CasClient} over the Java driver, with prepared statements on YCSB's table. Serial
 * consistency SERIAL; the commit consistency is the session's (the run's --consistency).
 * Conditional statements are not idempotent, so the driver neither retries nor speculates them.
 */
final class DriverCasClient implements CasClient {

    /** The column the conditional updates compare and set. */
    static final String COLUMN = "field0";

    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement update;
    private final PreparedStatement read;

    private DriverCasClient(CqlSession session, PreparedStatement insert, PreparedStatement update,
                            PreparedStatement read) {
        this.session = session;
        this.insert = insert;
        this.update = update;
        this.read = read;
    }

    /** Prepares the statements; the table must exist. */
    static DriverCasClient prepare(CqlSession session) {
        String table = BenchRunner.KEYSPACE + "." + BenchRunner.TABLE;
        StringBuilder names = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (int f = 0; f < Workload.FIELDS; f++) {
            names.append(", field").append(f);
            marks.append(", ?");
        }
        return new DriverCasClient(session,
                session.prepare("INSERT INTO " + table + " (y_id" + names + ") VALUES (?" + marks + ") IF NOT EXISTS"),
                session.prepare("UPDATE " + table + " SET " + COLUMN + " = ? WHERE y_id = ? IF " + COLUMN + " = ?"),
                session.prepare("SELECT " + COLUMN + " FROM " + table + " WHERE y_id = ?"));
    }

    @Override
    public CompletionStage<CasOutcome> insertIfNotExists(String key, List<String> fields) {
        Object[] values = new Object[fields.size() + 1];
        values[0] = key;
        for (int f = 0; f < fields.size(); f++) {
            values[f + 1] = fields.get(f);
        }
        return conditional(insert.bind(values));
    }

    @Override
    public CompletionStage<CasOutcome> updateIf(String key, String value, String expected) {
        return conditional(update.bind(value, key, expected));
    }

    @Override
    public CompletionStage<String> readSerial(String key) {
        return session.executeAsync(read.bind(key).setConsistencyLevel(DefaultConsistencyLevel.SERIAL)
                        .setIdempotent(true))
                .thenApply(rows -> {
                    Row row = rows.one();
                    return row == null ? null : row.getString(COLUMN);
                });
    }

    private CompletionStage<CasOutcome> conditional(com.datastax.oss.driver.api.core.cql.BoundStatement statement) {
        return session.executeAsync(statement.setSerialConsistencyLevel(DefaultConsistencyLevel.SERIAL)
                        .setIdempotent(false))
                .handle((rows, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(outcome(rows));
                    }
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    return unknown(cause) ? CompletableFuture.completedFuture(CasOutcome.UNKNOWN)
                            : CompletableFuture.<CasOutcome>failedFuture(cause);
                })
                .thenCompose(stage -> stage);
    }

    /** Applied, or refused with the current value of the compared column when the server sent it. */
    static CasOutcome outcome(AsyncResultSet rows) {
        if (rows.wasApplied()) {
            return CasOutcome.APPLIED;
        }
        Row row = rows.one();
        if (row == null || !row.getColumnDefinitions().contains(COLUMN)) {
            return CasOutcome.notAppliedWithoutValue();
        }
        return CasOutcome.notApplied(row.getString(COLUMN));
    }

    /**
     * A timeout during the Paxos round: the update may have been accepted by some replicas and
     * may take effect later, so its outcome is unknown (Cassandra's CAS_WRITE_UNKNOWN says the
     * same on protocol v5).
     */
    static boolean unknown(Throwable error) {
        return error instanceof CASWriteUnknownException
                || error instanceof WriteTimeoutException timeout && timeout.getWriteType() == DefaultWriteType.CAS;
    }
}
