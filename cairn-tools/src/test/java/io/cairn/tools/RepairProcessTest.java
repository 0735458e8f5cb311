package io.cairn.tools;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.common.time.SystemClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repair of real node processes: three nodes at RF 3, without hints or automatic repair; node 3
 * is stopped while 100,000 writes and deletes go to the two others; once it is back,
 * {@code cairn admin repair} on it makes the three replicas answer the same at ONE (each node
 * asked alone), with every acknowledged write and no deleted row, streaming about what differs
 * rather than the table. Node 3 then misses 2,000 writes more, and the next repair (incremental)
 * compares only the partitions written since the first.
 */
class RepairProcessTest {

    private static final int BASE_ROWS = 200_000;
    private static final int UPDATES = 50_000;
    private static final int DELETES = 25_000;
    private static final int INSERTS = 25_000;
    private static final int IN_FLIGHT = 128;
    /** Writes node 3 misses before the second, incremental repair. */
    private static final int AGAIN = 2_000;

    @TempDir
    Path directory;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private LocalCluster cluster;

    @AfterEach
    void stopEverything() throws Exception {
        if (cluster != null) {
            cluster.clear();
        }
        System.out.println(output.toString(StandardCharsets.UTF_8));
    }

    /**
     * A session with cqlsh's request timeout (10 s): a schema change just after the nodes start,
     * on a loaded machine, may take longer than the driver's default of 2 s to go through the
     * cluster metadata log. Writes still answer within the nodes' own write timeout.
     */
    private static CqlSession session() {
        return CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", 9042))
                .withLocalDatacenter("datacenter1")
                .withConfigLoader(com.datastax.oss.driver.api.core.config.DriverConfigLoader.programmaticBuilder()
                        .withDuration(com.datastax.oss.driver.api.core.config.DefaultDriverOption.REQUEST_TIMEOUT,
                                Duration.ofSeconds(10))
                        .build())
                .build();
    }

    private static String value(String kind, int key) {
        return kind + "-" + key + "-" + "x".repeat(80);
    }

    /**
     * Runs {@code statements} (one per key of {@code keys}) at {@code consistency}, IN_FLIGHT at a
     * time; returns the keys whose statement was not acknowledged.
     */
    private static List<Integer> run(CqlSession session, List<Integer> keys, IntFunction<BoundStatement> statement,
                                     DefaultConsistencyLevel consistency) throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<Integer> failed = Collections.synchronizedList(new ArrayList<>());
        for (int key : keys) {
            inFlight.acquire();
            session.executeAsync(statement.apply(key).setConsistencyLevel(consistency).setIdempotent(true)
                    .setTimeout(Duration.ofSeconds(10))).whenComplete((result, error) -> {
                        if (error != null) {
                            failed.add(key);
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(IN_FLIGHT);
        return failed;
    }

    private static Node node(CqlSession session, int index) {
        return session.getMetadata().getNodes().values().stream()
                .filter(node -> node.getEndPoint().resolve().toString().contains("127.0.0." + index + ":"))
                .findFirst().orElseThrow();
    }

    /** Every row node {@code index} holds, read at ONE through it alone (it replicates every key). */
    private static Map<Integer, String> rowsOn(CqlSession session, int index) {
        Map<Integer, String> rows = new HashMap<>();
        for (Row row : session.execute(SimpleStatement.newInstance("SELECT k, v FROM ks.kv").setNode(node(session, index))
                .setConsistencyLevel(DefaultConsistencyLevel.ONE).setPageSize(5_000).setTimeout(Duration.ofSeconds(60)))) {
            rows.put(row.getInt(0), row.getString(1));
        }
        return rows;
    }

    @Test
    void afterANodeMissedWritesAndDeletesRepairMakesEveryReplicaAnswerTheSameAndStreamsWhatDiffers()
            throws Exception {
        PrintStream log = new PrintStream(output, true, StandardCharsets.UTF_8);
        cluster = new LocalCluster(directory.resolve("cluster"), new SystemClock(), log, log);
        assertThat(cluster.start(3, 1, List.of("hinted_handoff_enabled: false", "auto_repair_enabled: false")))
                .as(output.toString(StandardCharsets.UTF_8)).isTrue();
        List<Integer> base = new ArrayList<>();
        for (int k = 0; k < BASE_ROWS; k++) {
            base.add(k);
        }
        Collections.shuffle(base, new Random(17));
        List<Integer> updated = base.subList(0, UPDATES);
        List<Integer> deleted = base.subList(UPDATES, UPDATES + DELETES);
        List<Integer> inserted = new ArrayList<>();
        for (int k = BASE_ROWS; k < BASE_ROWS + INSERTS; k++) {
            inserted.add(k);
        }
        List<Integer> unknown = new ArrayList<>();
        try (CqlSession session = session()) {
            session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 3}");
            session.execute("CREATE TABLE ks.kv (k int PRIMARY KEY, v text)");
            PreparedStatement insert = session.prepare("INSERT INTO ks.kv (k, v) VALUES (?, ?)");
            PreparedStatement delete = session.prepare("DELETE FROM ks.kv WHERE k = ?");
            List<Integer> failed = run(session, base, key -> insert.bind(key, value("base", key)),
                    DefaultConsistencyLevel.ALL);
            assertThat(failed).as("base rows not written everywhere").isEmpty();

            assertThat(cluster.stop(Optional.of(3), false)).isTrue();
            long started = System.nanoTime();
            unknown.addAll(run(session, updated, key -> insert.bind(key, value("new", key)),
                    DefaultConsistencyLevel.QUORUM));
            unknown.addAll(run(session, deleted, delete::bind, DefaultConsistencyLevel.QUORUM));
            unknown.addAll(run(session, inserted, key -> insert.bind(key, value("new", key)),
                    DefaultConsistencyLevel.QUORUM));
            System.out.printf("%d writes and deletes while node 3 was down, in %d ms; %d not acknowledged%n",
                    UPDATES + DELETES + INSERTS, (System.nanoTime() - started) / 1_000_000, unknown.size());
            assertThat(unknown.size()).as("writes and deletes not acknowledged at QUORUM").isLessThan(100);
        }
        assertThat(cluster.startNode(3)).as(output.toString(StandardCharsets.UTF_8)).isTrue();

        Map<Integer, String> before;
        try (CqlSession session = session()) {
            awaitAllUp(session);
            before = rowsOn(session, 3);
        }
        assertThat(before).as("node 3 missed the deletes and the new rows").hasSize(BASE_ROWS);

        long repairStarted = System.nanoTime();
        JsonNode result = repairOnNode3();
        long repairMillis = (System.nanoTime() - repairStarted) / 1_000_000;

        try (CqlSession session = session()) {
            Map<Integer, String> first = rowsOn(session, 1);
            assertThat(rowsOn(session, 2)).as("node 2 answers as node 1").isEqualTo(first);
            assertThat(rowsOn(session, 3)).as("node 3 answers as node 1").isEqualTo(first);
            for (int key : updated) {
                if (!unknown.contains(key)) {
                    assertThat(first.get(key)).as("updated k%d", key).isEqualTo(value("new", key));
                }
            }
            for (int key : deleted) {
                if (!unknown.contains(key)) {
                    assertThat(first).as("deleted k%d stays deleted", key).doesNotContainKey(key);
                }
            }
            for (int key : inserted) {
                if (!unknown.contains(key)) {
                    assertThat(first.get(key)).as("inserted k%d", key).isEqualTo(value("new", key));
                }
            }
            assertThat(first.size()).isBetween(BASE_ROWS - DELETES + INSERTS - unknown.size(),
                    BASE_ROWS - DELETES + INSERTS + unknown.size());
        }
        long hashed = result.path("bytes_hashed").asLong();
        long streamed = result.path("bytes_received").asLong() + result.path("bytes_sent").asLong();
        long dataPerReplica = hashed / 3;
        System.out.printf("repair of ks on node 3: %d ms, %d ranges, %d partitions (%d bytes) hashed on the three "
                        + "replicas, %d leaves differed, received %d partitions (%d bytes), sent %d partitions (%d "
                        + "bytes): streamed %d bytes, %.1f %% of one replica's %d bytes%n", repairMillis,
                result.path("ranges").asLong(), result.path("partitions_hashed").asLong(), hashed,
                result.path("differing_leaves").asLong(), result.path("partitions_received").asLong(),
                result.path("bytes_received").asLong(), result.path("partitions_sent").asLong(),
                result.path("bytes_sent").asLong(), streamed, 100.0 * streamed / dataPerReplica, dataPerReplica);
        // 100,000 of 225,000 partitions differ; the repair streams them once (from one of the two
        // replicas that have them), not the table, nor twice.
        assertThat(result.path("partitions_received").asLong()).as("partitions pulled into node 3")
                .isBetween((long) (UPDATES + DELETES + INSERTS) - unknown.size(),
                        (long) ((UPDATES + DELETES + INSERTS) * 1.6));
        assertThat(streamed).as("bytes streamed, against one replica's data").isLessThan(dataPerReplica * 3 / 4);

        // Node 3 misses writes again, to rows the first round left alone: the second repair is
        // incremental and compares what was written since the first, not the table.
        assertThat(cluster.stop(Optional.of(3), false)).isTrue();
        List<Integer> again = base.subList(UPDATES + DELETES, UPDATES + DELETES + AGAIN);
        List<Integer> unknownAgain;
        try (CqlSession session = session()) {
            PreparedStatement insert = session.prepare("INSERT INTO ks.kv (k, v) VALUES (?, ?)");
            unknownAgain = run(session, again, key -> insert.bind(key, value("again", key)),
                    DefaultConsistencyLevel.QUORUM);
        }
        assertThat(unknownAgain.size()).isLessThan(AGAIN / 10);
        assertThat(cluster.startNode(3)).as(output.toString(StandardCharsets.UTF_8)).isTrue();
        try (CqlSession session = session()) {
            awaitAllUp(session);
        }
        long incrementalStarted = System.nanoTime();
        JsonNode incremental = repairOnNode3();
        System.out.printf("incremental repair of ks on node 3: %d ms, %d partitions (%d bytes) hashed, received %d "
                        + "partitions%n", (System.nanoTime() - incrementalStarted) / 1_000_000,
                incremental.path("partitions_hashed").asLong(), incremental.path("bytes_hashed").asLong(),
                incremental.path("partitions_received").asLong());
        // Nodes 1 and 2 list the 2,000 rows; node 3, which missed them, holds them older.
        assertThat(incremental.path("partitions_hashed").asLong()).as("partitions compared, on the three replicas")
                .isBetween(3L * (AGAIN - unknownAgain.size()), 3L * AGAIN);
        assertThat(incremental.path("partitions_received").asLong()).as("partitions pulled into node 3")
                .isBetween((long) AGAIN - unknownAgain.size(), (long) AGAIN + unknownAgain.size());
        try (CqlSession session = session()) {
            PreparedStatement select = session.prepare("SELECT v FROM ks.kv WHERE k = ?");
            Node third = node(session, 3);
            for (int key : again) {
                if (!unknownAgain.contains(key)) {
                    Row row = session.execute(select.bind(key).setNode(third)
                            .setConsistencyLevel(DefaultConsistencyLevel.ONE)).one();
                    assertThat(row).as("k%d on node 3", key).isNotNull();
                    assertThat(row.getString(0)).as("k%d on node 3", key).isEqualTo(value("again", key));
                }
            }
        }
    }

    /** Waits (a minute at most) until the driver sees the three nodes up. */
    private static void awaitAllUp(CqlSession session) throws InterruptedException {
        AtomicInteger seen = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (seen.get() < 3 && System.nanoTime() < deadline) {
            seen.set((int) session.getMetadata().getNodes().values().stream()
                    .filter(node -> node.getState() == com.datastax.oss.driver.api.core.metadata.NodeState.UP)
                    .count());
            Thread.sleep(500);
        }
        assertThat(seen.get()).as("nodes up").isEqualTo(3);
    }

    /** Runs {@code cairn admin repair ks} on node 3 (incremental, as an operator would) and returns its JSON answer. */
    private static JsonNode repairOnNode3() throws IOException {
        return AdminCalls.json(3, "repair", "ks");
    }
}
