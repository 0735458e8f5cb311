package io.cairn.sim;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.type.NativeType;
import io.cairn.node.query.QueryResult;
import io.cairn.node.query.ResultColumn;
import io.cairn.sim.CqlClient.Statement;
import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The clients' workload of lightweight transactions, in CQL, as {@link Clients} send them and a
 * driver would (commit consistency QUORUM, serial consistency SERIAL). Registers
 * ({@code sim.lwt}, an int per key): each is created by {@code INSERT ... IF NOT EXISTS}, then
 * changed by compare-and-set ({@code UPDATE ... IF v = ?}, expecting the last value any client
 * saw), and read at SERIAL and at QUORUM. Unique inserts ({@code sim.lwt_unique}): a few fresh
 * keys every few seconds, each contended by {@code INSERT ... IF NOT EXISTS} from several
 * clients, and read at SERIAL. Every value written is new, so an answer names the write it came
 * from.
 */
final class LwtWorkload implements Clients.Operations {

    static final String REGISTERS = Simulation.KEYSPACE + ".lwt";
    static final String UNIQUE = Simulation.KEYSPACE + ".lwt_unique";
    /** Unique-insert keys open in rounds: this many fresh keys per round... */
    static final int UNIQUE_KEYS_PER_ROUND = 3;
    /** ...of this long, so that several clients race for each. */
    static final Duration UNIQUE_ROUND = Duration.ofSeconds(5);
    private static final String APPLIED = "[applied]";

    private final SimCluster cluster;
    private final SplittableRandom random;
    private final CqlClient client;
    /** Each register's last value any client saw (what the next compare-and-set expects). */
    private final Map<Integer, Long> lastSeen = new HashMap<>();
    /** The unique-insert keys clients used. */
    private final TreeSet<Integer> uniqueKeys = new TreeSet<>();
    private int nextValue = 1;

    LwtWorkload(SimCluster cluster, SplittableRandom random) {
        this.cluster = cluster;
        this.random = random;
        this.client = new CqlClient(cluster);
    }

    /** The statements that define the workload's tables. */
    static List<String> tables() {
        return List.of("CREATE TABLE " + REGISTERS + " (k int PRIMARY KEY, v int)",
                "CREATE TABLE " + UNIQUE + " (k int PRIMARY KEY, v int)");
    }

    /** The unique-insert keys the clients used so far. */
    List<Integer> uniqueKeys() {
        return List.copyOf(uniqueKeys);
    }

    /**
     * Picks the next operation: a unique insert or its read, or on a register a SERIAL or QUORUM
     * read, a create, or a compare-and-set from the last value seen.
     */
    @Override
    public void sendNext(int clientId, SimNode node, Runnable then) {
        int draw = random.nextInt(100);
        long round = cluster.now() / (UNIQUE_ROUND.toNanos() / 1_000L);
        if (draw < 15) {
            int key = (int) round * UNIQUE_KEYS_PER_ROUND + random.nextInt(UNIQUE_KEYS_PER_ROUND);
            insertUnique(clientId, node, key, then);
        } else if (draw < 20) {
            // A key of this round or the last one: some may still be contended.
            long from = Math.max(0, round - 1) * UNIQUE_KEYS_PER_ROUND;
            int key = (int) (from + random.nextInt((int) ((round + 1) * UNIQUE_KEYS_PER_ROUND - from)));
            read(clientId, node, Kind.UNIQUE_READ, key, ConsistencyLevel.SERIAL, then);
        } else {
            int key = random.nextInt(cluster.config.keys());
            Long expected = lastSeen.get(key);
            if (draw < 45) {
                read(clientId, node, Kind.LWT_READ, key, ConsistencyLevel.SERIAL, then);
            } else if (draw < 58) {
                read(clientId, node, Kind.LWT_READ, key, ConsistencyLevel.QUORUM, then);
            } else if (expected == null || expected == History.NO_ROW || draw < 63) {
                create(clientId, node, key, then);
            } else {
                compareAndSet(clientId, node, key, expected, then);
            }
        }
    }

    private static ByteBuffer integer(long value) {
        return NativeType.INT.decompose((int) value);
    }

    /** {@code UPDATE ... SET v = new WHERE k = key IF v = expected}. */
    private void compareAndSet(int clientId, SimNode node, int key, long expected, Runnable then) {
        Op op = cluster.history.invoke(clientId, node.index, Kind.CAS, key, ConsistencyLevel.SERIAL, cluster.now());
        op.expected = expected;
        op.written = nextValue++;
        conditional(node, op, Statement.of("UPDATE " + REGISTERS + " SET v = ? WHERE k = ? IF v = ?",
                integer(op.written), integer(key), integer(expected)), then);
    }

    /** {@code INSERT INTO sim.lwt ... IF NOT EXISTS}: creates the register (or answers its value). */
    private void create(int clientId, SimNode node, int key, Runnable then) {
        insertIfNotExists(clientId, node, Kind.CREATE, REGISTERS, key, then);
    }

    /** {@code INSERT INTO sim.lwt_unique ... IF NOT EXISTS}: at most one of these wins each key. */
    private void insertUnique(int clientId, SimNode node, int key, Runnable then) {
        uniqueKeys.add(key);
        insertIfNotExists(clientId, node, Kind.UNIQUE_INSERT, UNIQUE, key, then);
    }

    /** {@code INSERT INTO table (k, v) VALUES (key, new) IF NOT EXISTS} as an op of {@code kind}. */
    private void insertIfNotExists(int clientId, SimNode node, Kind kind, String table, int key, Runnable then) {
        Op op = cluster.history.invoke(clientId, node.index, kind, key, ConsistencyLevel.SERIAL, cluster.now());
        op.written = nextValue++;
        conditional(node, op, Statement.of("INSERT INTO " + table + " (k, v) VALUES (?, ?) IF NOT EXISTS",
                integer(key), integer(op.written)), then);
    }

    /** Sends a conditional write at commit consistency QUORUM, serial consistency SERIAL; records its answer. */
    private void conditional(SimNode node, Op op, Statement statement, Runnable then) {
        client.sendConditional(node, op, ConsistencyLevel.QUORUM, ConsistencyLevel.SERIAL, statement,
                CqlClient.timestamp(node), (result, outcome) -> {
                    QueryResult.Rows rows = (QueryResult.Rows) result;
                    boolean applied = applied(rows);
                    long current = applied ? op.written : value(rows);
                    answered(op, applied, applied ? History.NO_ROW : current, then);
                    if (op.kind != Kind.UNIQUE_INSERT) {
                        lastSeen.put(op.key, current);
                    }
                }, then);
    }

    /**
     * Reads {@code key} of a register ({@link Kind#LWT_READ}) or of a unique insert
     * ({@link Kind#UNIQUE_READ}) at {@code consistency} (SERIAL, or a regular level); the op
     * completes later. The final checks read through here too.
     */
    Op read(int clientId, SimNode node, Kind kind, int key, ConsistencyLevel consistency, Runnable then) {
        Op op = cluster.history.invoke(clientId, node.index, kind, key, consistency, cluster.now());
        String table = kind == Kind.UNIQUE_READ ? UNIQUE : REGISTERS;
        Statement statement = Statement.of("SELECT v FROM " + table + " WHERE k = ?", integer(key));
        // A SERIAL read is sent as drivers send it: the consistency level is SERIAL.
        client.sendConditional(node, op, consistency, ConsistencyLevel.SERIAL, statement, CqlClient.timestamp(node),
                (result, outcome) -> {
                    QueryResult.Rows rows = (QueryResult.Rows) result;
                    long seen = rows.rows().isEmpty() ? History.NO_ROW : value(rows);
                    answered(op, false, seen, then);
                    if (kind == Kind.LWT_READ) {
                        lastSeen.put(key, seen);
                    }
                }, then);
        return op;
    }

    private void answered(Op op, boolean applied, long seen, Runnable then) {
        if (op.outcome != Outcome.OPEN) {
            return;
        }
        op.applied = applied;
        op.seen = seen;
        client.complete(op, Outcome.OK, null, null, then);
    }

    /** A conditional write's {@code [applied]}, the first column of its one row. */
    static boolean applied(QueryResult.Rows rows) {
        if (rows.columns().isEmpty() || !rows.columns().get(0).name().equals(APPLIED) || rows.rows().size() != 1) {
            throw new IllegalStateException("a conditional write answered without [applied]: " + rows.columns());
        }
        return (Boolean) NativeType.BOOLEAN.compose(rows.rows().get(0).get(0));
    }

    /**
     * Column {@code v} of the first row, or {@link History#NO_ROW} when there is none (a
     * conditional write that did not apply to a missing row answers {@code [applied]} alone).
     */
    static long value(QueryResult.Rows rows) {
        List<ResultColumn> columns = rows.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals("v")) {
                ByteBuffer cell = rows.rows().isEmpty() ? null : rows.rows().get(0).get(i);
                return cell == null ? History.NO_ROW : ((Integer) NativeType.INT.compose(cell)).longValue();
            }
        }
        return History.NO_ROW;
    }
}
