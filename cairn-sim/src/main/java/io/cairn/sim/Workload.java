package io.cairn.sim;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.ast.BatchStatement;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.NativeType;
import io.cairn.node.query.QueryResult;
import io.cairn.sim.CqlClient.Statement;
import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;
import io.cairn.sim.History.Version;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The clients' workload, in CQL, as {@link Clients} sends it. Most operations write, delete or
 * read a register ({@code sim.register}, a bigint per key); some write a register and a mirror
 * row of their own ({@code sim.mirror}, keyed by the value written, so never overwritten) in one
 * LOGGED or UNLOGGED batch; some append to a list ({@code sim.lists}) or replace its first
 * element; a few scan the register table page by page.
 */
final class Workload implements Clients.Operations {

    static final String REGISTER = Simulation.KEYSPACE + ".register";
    static final String MIRROR = Simulation.KEYSPACE + ".mirror";
    static final String LISTS = Simulation.KEYSPACE + ".lists";
    /** The keys of sim.lists (few, so that appends pile up on each). */
    static final int LIST_KEYS = 4;
    private static final ListType BIGINT_LIST = new ListType(NativeType.BIGINT, false);

    private final SimCluster cluster;
    private final SplittableRandom random;
    private final CqlClient client;
    private int nextValue = 1;

    Workload(SimCluster cluster, SplittableRandom random) {
        this.cluster = cluster;
        this.random = random;
        this.client = new CqlClient(cluster);
    }

    /**
     * The registers' gc grace under automatic repair: a minute, so that tombstones are purged
     * within a run (once a repair that started more than that after their deletion covered
     * them), the last ones before the final reads. Hints and replayed batch writes of registers
     * older than that are dropped, as past any table's gc grace. Without automatic repair the
     * registers keep Cassandra's default (ten days), as a cluster repaired by hand would.
     */
    static final int GC_GRACE_SECONDS = 60;

    /** The statements that define the workload's tables, for nodes that repair automatically or not. */
    static List<String> tables(boolean autoRepair) {
        return List.of("CREATE TABLE " + REGISTER + " (k int PRIMARY KEY, v bigint) WITH gc_grace_seconds = "
                        + (autoRepair ? GC_GRACE_SECONDS : io.cairn.storage.TableOptions.DEFAULT_GC_GRACE_SECONDS),
                "CREATE TABLE " + MIRROR + " (k int, v bigint, PRIMARY KEY (k, v))",
                "CREATE TABLE " + LISTS + " (k int PRIMARY KEY, l list<bigint>)");
    }

    /** Picks the next operation: mostly a register's write, delete or read, sometimes a batch, a list or a scan. */
    @Override
    public void sendNext(int clientId, SimNode node, Runnable then) {
        int draw = random.nextInt(40);
        if (draw == 0) {
            // Scans are rarer: each walks every piece of the ring, a read round per piece.
            scan(clientId, node, consistency(false), then);
        } else if (draw < 4) {
            batch(clientId, node, draw == 1 ? Kind.UNLOGGED_BATCH : Kind.LOGGED_BATCH, then);
        } else if (draw < 8) {
            list(clientId, node, random.nextInt(10) == 0 ? Kind.SET_FIRST : Kind.APPEND, then);
        } else {
            boolean write = random.nextBoolean();
            Kind kind = !write ? Kind.READ : random.nextInt(8) == 0 ? Kind.DELETE : Kind.WRITE;
            register(clientId, node, kind, random.nextInt(cluster.config.keys()), consistency(write), then);
        }
    }

    private ConsistencyLevel consistency(boolean write) {
        int draw = random.nextInt(10);
        if (draw < 7) {
            return ConsistencyLevel.QUORUM;
        }
        if (draw < 9) {
            return ConsistencyLevel.ONE;
        }
        return write ? ConsistencyLevel.ALL : ConsistencyLevel.QUORUM;
    }

    /** The consistency the coordinator is asked for: a planted bug asks ONE for QUORUM. */
    private ConsistencyLevel asked(ConsistencyLevel consistency) {
        return cluster.config.plant() == Plant.QUORUM_AFTER_ONE && consistency == ConsistencyLevel.QUORUM
                ? ConsistencyLevel.ONE : consistency;
    }

    private static ByteBuffer key(int key) {
        return NativeType.INT.decompose(key);
    }

    private static ByteBuffer bigint(long value) {
        return NativeType.BIGINT.decompose(value);
    }

    /**
     * Writes, deletes or reads register {@code key} through {@code node}; returns the op (it
     * completes later). Writes carry a client-side timestamp, deletes USING TIMESTAMP.
     */
    Op register(int clientId, SimNode node, Kind kind, int key, ConsistencyLevel consistency, Runnable then) {
        Op op = cluster.history.invoke(clientId, node.index, kind, key, consistency, cluster.now());
        if (kind == Kind.READ) {
            read(node, op, then);
            return op;
        }
        long timestamp = CqlClient.timestamp(node);
        long value = kind == Kind.DELETE ? History.TOMBSTONE : nextValue++;
        op.version = new Version(timestamp, value);
        Statement statement = kind == Kind.DELETE
                ? Statement.of("DELETE FROM " + REGISTER + " USING TIMESTAMP " + timestamp + " WHERE k = ?", key(key))
                : Statement.of("INSERT INTO " + REGISTER + " (k, v) VALUES (?, ?)", key(key), bigint(value));
        client.send(node, op, asked(op.consistency), null, List.of(statement), timestamp,
                (result, outcome) -> client.complete(op, outcome, op.version, null, then), then);
        return op;
    }

    /** Reads the value and write time of register {@code op.key} as {@code op}. */
    void read(SimNode node, Op op, Runnable then) {
        Statement statement = Statement.of("SELECT v, writetime(v) FROM " + REGISTER + " WHERE k = ?", key(op.key));
        long timestamp = CqlClient.timestamp(node);
        client.send(node, op, asked(op.consistency), null, List.of(statement), timestamp, (result, outcome) -> {
            List<List<ByteBuffer>> rows = ((QueryResult.Rows) result).rows();
            client.complete(op, outcome, rows.isEmpty() ? null : version(rows.get(0).get(0), rows.get(0).get(1)),
                    null, then);
        }, then);
    }

    private static Version version(ByteBuffer value, ByteBuffer writetime) {
        if (value == null) {
            return null;
        }
        return new Version((Long) NativeType.BIGINT.compose(writetime), (Long) NativeType.BIGINT.compose(value));
    }

    /** Pages through the whole register table; once done, each key's value as seen is recorded. */
    private void scan(int clientId, SimNode node, ConsistencyLevel consistency, Runnable then) {
        Op op = cluster.history.invoke(clientId, node.index, Kind.SCAN, -1, consistency, cluster.now());
        Statement statement = Statement.of("SELECT k, v, writetime(v) FROM " + REGISTER);
        client.page(node, op, asked(op.consistency), statement, (rows, outcome) -> {
            Map<Integer, Version> seen = new TreeMap<>();
            for (List<ByteBuffer> row : rows) {
                int key = (Integer) NativeType.INT.compose(row.get(0));
                if (seen.containsKey(key)) {
                    cluster.nodeErrors.add("scan #" + op.id + " returned k" + key + " twice");
                }
                seen.put(key, version(row.get(1), row.get(2)));
            }
            boolean first = op.outcome == Outcome.OPEN;
            client.complete(op, Outcome.OK, null, null, then);
            if (first) {
                for (int key = 0; key < cluster.config.keys(); key++) {
                    cluster.history.observe(op, key, seen.get(key));
                }
            }
        }, then);
    }

    /** Writes the register of one key and a mirror row of the value in one batch, at one timestamp. */
    private void batch(int clientId, SimNode node, Kind kind, Runnable then) {
        int key = random.nextInt(cluster.config.keys());
        Op op = cluster.history.invoke(clientId, node.index, kind, key, consistency(true), cluster.now());
        long timestamp = CqlClient.timestamp(node);
        long value = nextValue++;
        op.version = new Version(timestamp, value);
        List<Statement> statements = List.of(
                Statement.of("INSERT INTO " + REGISTER + " (k, v) VALUES (?, ?)", key(key), bigint(value)),
                Statement.of("INSERT INTO " + MIRROR + " (k, v) VALUES (?, ?)", key(key), bigint(value)));
        client.send(node, op, asked(op.consistency), kind == Kind.LOGGED_BATCH ? BatchStatement.Type.LOGGED
                : BatchStatement.Type.UNLOGGED, statements, timestamp,
                (result, outcome) -> client.complete(op, outcome, op.version, null, then), then);
    }

    /** Appends a new element to a list, or replaces its first element (which reads the list first). */
    private void list(int clientId, SimNode node, Kind kind, Runnable then) {
        int key = random.nextInt(LIST_KEYS);
        Op op = cluster.history.invoke(clientId, node.index, kind, key, consistency(true), cluster.now());
        long timestamp = CqlClient.timestamp(node);
        long value = nextValue++;
        op.version = new Version(timestamp, value);
        Statement statement = kind == Kind.APPEND
                ? Statement.of("UPDATE " + LISTS + " SET l = l + [?] WHERE k = ?", bigint(value), key(key))
                : Statement.of("UPDATE " + LISTS + " SET l[0] = ? WHERE k = ?", bigint(value), key(key));
        client.send(node, op, asked(op.consistency), null, List.of(statement), timestamp,
                (result, outcome) -> client.complete(op, outcome, op.version, null, then), then);
    }

    /** Reads the mirror rows of {@code op.key} as {@code op} (kept out of the history); {@code done} hears them. */
    void readMirror(SimNode node, Op op, Consumer<java.util.Set<Long>> done) {
        Statement statement = Statement.of("SELECT v FROM " + MIRROR + " WHERE k = ?", key(op.key));
        long timestamp = CqlClient.timestamp(node);
        client.send(node, op, op.consistency, null, List.of(statement), timestamp, (result, outcome) -> {
            java.util.Set<Long> values = new java.util.TreeSet<>();
            for (List<ByteBuffer> row : ((QueryResult.Rows) result).rows()) {
                values.add((Long) NativeType.BIGINT.compose(row.get(0)));
            }
            client.complete(op, outcome, null, null, () -> { });
            done.accept(values);
        }, () -> { });
    }

    /** Reads a list whole as {@code op} (kept out of the history); {@code done} hears its elements. */
    void readList(SimNode node, Op op, Consumer<List<Long>> done) {
        Statement statement = Statement.of("SELECT l FROM " + LISTS + " WHERE k = ?", key(op.key));
        long timestamp = CqlClient.timestamp(node);
        client.send(node, op, op.consistency, null, List.of(statement), timestamp, (result, outcome) -> {
            List<List<ByteBuffer>> rows = ((QueryResult.Rows) result).rows();
            List<Long> elements = new ArrayList<>();
            if (!rows.isEmpty() && rows.get(0).get(0) != null) {
                // A list composes into its elements' serialized forms.
                for (Object element : (List<?>) BIGINT_LIST.compose(rows.get(0).get(0))) {
                    elements.add((Long) NativeType.BIGINT.compose((ByteBuffer) element));
                }
            }
            client.complete(op, outcome, null, null, () -> { });
            done.accept(elements);
        }, () -> { });
    }
}
