package io.cairn.tools;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lightweight transactions across real node processes: clients increment a few counters by
 * compare-and-set (read at SERIAL, then {@code UPDATE ... IF v = old}) while one of the three
 * replicas is SIGKILLed and later restarted. Afterwards each counter, read at SERIAL through every
 * node, holds exactly its applied increments: none lost, none applied twice (a transaction whose
 * outcome the client could not learn may or may not be in it).
 */
class LightweightTransactionProcessTest {

    private static final int KEYS = 3;
    private static final int CLIENTS = 6;

    @TempDir
    Path directory;

    private NodeProcesses processes;
    private LocalCluster cluster;

    @AfterEach
    void stopEverything() throws Exception {
        if (processes != null) {
            processes.close();
        }
    }

    private void startCluster() throws Exception {
        processes = new NodeProcesses(directory);
        cluster = processes.start(3);
    }

    private static CqlSession session() {
        return CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", 9042))
                .withLocalDatacenter("datacenter1")
                .withConfigLoader(NodeProcesses.driverConfig()
                        .build())
                .build();
    }

    @Test
    void noAppliedCompareAndSetIsLostOrRepeatedWhileAReplicaIsKilledAndRestarted() throws Exception {
        startCluster();
        try (CqlSession session = session()) {
            session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 3}");
            session.execute("CREATE TABLE ks.counters (k int PRIMARY KEY, v int)");
            PreparedStatement create = session.prepare("INSERT INTO ks.counters (k, v) VALUES (?, 0) IF NOT EXISTS");
            for (int key = 0; key < KEYS; key++) {
                assertThat(session.execute(create.bind(key)).wasApplied()).isTrue();
            }
            CasIncrements increments = new CasIncrements(session, "ks.counters", KEYS);
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long[] appliedAt = new long[3];
            try {
                for (int client = 0; client < CLIENTS; client++) {
                    int first = client;
                    clients.execute(() -> increments.client(first, running));
                }
                Thread.sleep(5_000);
                appliedAt[0] = increments.applied();
                assertThat(cluster.stop(Optional.of(2), true)).isTrue();
                Thread.sleep(7_000);
                appliedAt[1] = increments.applied();
                assertThat(cluster.startNode(2)).as(processes.output()).isTrue();
                Thread.sleep(5_000);
                appliedAt[2] = increments.applied();
            } finally {
                running.set(false);
                clients.shutdown();
            }
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("clients stop").isTrue();
            CasIncrements.Outcome outcome = increments.outcome();
            System.out.println("CAS increments: " + outcome + "; applied before the kill " + appliedAt[0]
                    + ", while node 2 was down " + (appliedAt[1] - appliedAt[0]) + ", after its restart "
                    + (outcome.appliedTotal() - appliedAt[1]));
            assertThat(outcome.unexpected()).as("wrong answers and unexpected errors").isEmpty();
            assertThat(outcome.repeated()).as("increments applied twice from the same old value").isEmpty();
            assertThat(appliedAt[0]).as("applied with every node up").isPositive();
            assertThat(appliedAt[1] - appliedAt[0]).as("applied while node 2 was down").isPositive();
            assertThat(outcome.appliedTotal() - appliedAt[1]).as("applied after node 2 restarted").isPositive();

            PreparedStatement read = session.prepare("SELECT v FROM ks.counters WHERE k = ?");
            for (int key = 0; key < KEYS; key++) {
                long applied = outcome.applied()[key];
                long unknown = outcome.unknown()[key];
                List<Integer> seen = new ArrayList<>();
                for (int index = 1; index <= 3; index++) {
                    seen.add(serialReadThrough(session, read, key, index));
                }
                System.out.println("key " + key + " read at SERIAL through nodes 1, 2, 3: " + seen);
                // An increment whose outcome was unknown may still be accepted by one replica: a SERIAL read whose
                // quorum finds it completes it, so a later read may see it where an earlier one did not (it takes
                // effect between them, as an indeterminate operation may). Reads never go back, and once
                // completed the value stays.
                assertThat(seen).as("key %d read at SERIAL through nodes 1, 2, 3", key).isSorted();
                int last = seen.get(2);
                assertThat(serialReadThrough(session, read, key, 1)).as("key %d read again through node 1", key)
                        .isEqualTo(last);
                assertThat((long) last).as("key %d: %d applied, %d unknown", key, applied, unknown)
                        .isBetween(applied, applied + unknown);
                assertThat(increments.historyProblems(key, last)).isEmpty();
            }
        }
    }

    /** Key {@code key}'s counter read at SERIAL with node {@code index} coordinating, retried for up to 60 s. */
    private static int serialReadThrough(CqlSession session, PreparedStatement read, int key, int index)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            Optional<Node> node = session.getMetadata().getNodes().values().stream()
                    .filter(n -> n.getEndPoint().resolve().toString().contains("127.0.0." + index + ":"))
                    .findFirst();
            if (node.isPresent()) {
                try {
                    Row row = session.execute(read.bind(key).setNode(node.get())
                            .setConsistencyLevel(DefaultConsistencyLevel.SERIAL)).one();
                    assertThat(row).as("key %d read through node %d", key, index).isNotNull();
                    return row.getInt(0);
                } catch (RuntimeException notYet) {
                    last = notYet;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no SERIAL read of key " + key + " through node " + index + " within 60 s", last);
    }
}
