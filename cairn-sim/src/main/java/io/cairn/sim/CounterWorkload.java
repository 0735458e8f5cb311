package io.cairn.sim;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.ast.BatchStatement;
import io.cairn.cql.type.NativeType;
import io.cairn.node.query.QueryResult;
import io.cairn.sim.CqlClient.Statement;
import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The clients' workload of counters, in CQL, as {@link Clients} send them and a driver would
 * (client-side timestamps): increments of a few contended counters of {@code sim.counters} by
 * small positive deltas, one statement at a time or two or three in a COUNTER batch (a key may
 * be incremented twice in one), at ONE, QUORUM and ALL; and reads of a counter at QUORUM and ALL.
 * Under {@link Plant#COUNTER_CLIENT_RETRIES} a client sends an increment that timed out again and
 * records one increment with the last attempt's outcome.
 */
final class CounterWorkload implements Clients.Operations {

    static final String TABLE = Simulation.KEYSPACE + ".counters";
    /** Each increment adds 1 to this. */
    static final int MAX_DELTA = 5;
    /** How many times a client of the plant sends an increment again after a write timeout. */
    static final int PLANTED_RETRIES = 2;
    private static final ConsistencyLevel[] WRITE_LEVELS = {
        ConsistencyLevel.ONE, ConsistencyLevel.QUORUM, ConsistencyLevel.ALL};
    private static final String INCREMENT = "UPDATE " + TABLE + " SET n = n + ? WHERE k = ?";

    private final SimCluster cluster;
    private final SplittableRandom random;
    private final CqlClient client;

    CounterWorkload(SimCluster cluster, SplittableRandom random) {
        this.cluster = cluster;
        this.random = random;
        this.client = new CqlClient(cluster);
    }

    /** The statements that define the workload's table. */
    static List<String> tables() {
        return List.of("CREATE TABLE " + TABLE + " (k int PRIMARY KEY, n counter)");
    }

    /** A read (three in ten), an increment, or a COUNTER batch of two or three increments. */
    @Override
    public void sendNext(int clientId, SimNode node, Runnable then) {
        int draw = random.nextInt(100);
        int keys = cluster.config.keys();
        if (draw < 30) {
            ConsistencyLevel level = random.nextBoolean() ? ConsistencyLevel.QUORUM : ConsistencyLevel.ALL;
            read(clientId, node, random.nextInt(keys), level, then);
            return;
        }
        ConsistencyLevel level = WRITE_LEVELS[random.nextInt(WRITE_LEVELS.length)];
        int statements = draw < 75 ? 1 : 2 + random.nextInt(2);
        List<int[]> increments = new ArrayList<>();
        for (int i = 0; i < statements; i++) {
            increments.add(new int[] {random.nextInt(keys), 1 + random.nextInt(MAX_DELTA)});
        }
        increment(clientId, node, increments, level, then);
    }

    private static ByteBuffer integer(int value) {
        return NativeType.INT.decompose(value);
    }

    /**
     * Sends {@code increments} (each a key and a delta) through {@code node} at {@code level}: one
     * statement, or a COUNTER batch of them; the op completes later.
     */
    Op increment(int clientId, SimNode node, List<int[]> increments, ConsistencyLevel level, Runnable then) {
        Op op = cluster.history.invoke(clientId, node.index, Kind.INCREMENT, increments.get(0)[0], level,
                cluster.now());
        op.deltas = new TreeMap<>();
        List<Statement> statements = new ArrayList<>();
        for (int[] increment : increments) {
            op.deltas.merge(increment[0], (long) increment[1], Long::sum);
            // The delta is a counter's bigint.
            statements.add(Statement.of(INCREMENT, NativeType.BIGINT.decompose((long) increment[1]),
                    integer(increment[0])));
        }
        BatchStatement.Type batch = statements.size() > 1 ? BatchStatement.Type.COUNTER : null;
        int retries = cluster.config.plant() == Plant.COUNTER_CLIENT_RETRIES ? PLANTED_RETRIES : 0;
        client.send(node, op, level, batch, statements, CqlClient.timestamp(node), retries,
                (result, outcome) -> client.complete(op, Outcome.OK, null, null, then), then);
        return op;
    }

    /** Reads counter {@code key} through {@code node} at {@code level}; the op completes later. */
    Op read(int clientId, SimNode node, int key, ConsistencyLevel level, Runnable then) {
        Op op = cluster.history.invoke(clientId, node.index, Kind.COUNTER_READ, key, level, cluster.now());
        client.send(node, op, level, null, List.of(Statement.of("SELECT n FROM " + TABLE + " WHERE k = ?",
                integer(key))), CqlClient.timestamp(node), (result, outcome) -> {
                    QueryResult.Rows rows = (QueryResult.Rows) result;
                    op.seen = value(rows);
                    client.complete(op, Outcome.OK, null, null, then);
                }, then);
        return op;
    }

    /** Column {@code n} of the one row, 0 when there is no row (a counter never incremented). */
    static long value(QueryResult.Rows rows) {
        if (rows.rows().isEmpty()) {
            return 0;
        }
        if (rows.rows().size() != 1 || rows.columns().isEmpty() || !rows.columns().get(0).name().equals("n")) {
            throw new IllegalStateException("a counter read answered " + rows.rows().size() + " rows of "
                    + rows.columns());
        }
        ByteBuffer cell = rows.rows().get(0).get(0);
        return cell == null ? 0 : (Long) NativeType.BIGINT.compose(cell);
    }
}
