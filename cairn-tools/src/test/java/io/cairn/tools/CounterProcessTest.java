package io.cairn.tools;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.CoordinatorException;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counters across real node processes: clients increment a few counters at QUORUM while one of
 * the three replicas is SIGKILLed and later restarted. Afterwards each counter, read at ALL
 * through every node, holds all its acknowledged increments and no more than those plus the ones
 * whose outcome the clients could not learn (none lost, none counted twice), the same through
 * every node; and once hints are delivered each node's own copy, read at ONE, comes to that value.
 */
// About 50 s on a laptop; every wait below is bounded, and this bounds them all (the nodes are killed after).
@Timeout(value = 110, unit = TimeUnit.SECONDS)
class CounterProcessTest {

    private static final int KEYS = 4;
    private static final int CLIENTS = 6;
    private static final int KILLED = 2;
    private static final int MAX_DELTA = 5;

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
                        // Already the driver's default, stated so that no setting elsewhere changes it: a
                        // statement not marked idempotent is never retried nor speculatively executed
                        // once it may have reached a node (the retry policy is not even asked after a
                        // WRITE_TIMEOUT, a server error or a lost connection). An increment sent twice
                        // would count twice.
                        .withBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, false)
                        .build())
                .build();
    }

    @Test
    void noAcknowledgedIncrementIsLostOrCountedTwiceWhileAReplicaIsKilledAndRestarted() throws Exception {
        long began = System.nanoTime();
        startCluster();
        try (CqlSession session = session()) {
            session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 3}");
            session.execute("CREATE TABLE ks.counts (k int PRIMARY KEY, n counter)");
            PreparedStatement increment = session.prepare("UPDATE ks.counts SET n = n + ? WHERE k = ?");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong acknowledged = new AtomicLong();
            List<Client> clients = new ArrayList<>();
            List<Future<?>> finished = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            long[] acknowledgedAt = new long[3];
            try {
                for (int index = 0; index < CLIENTS; index++) {
                    Client client = new Client(session, increment, index, running, acknowledged);
                    clients.add(client);
                    finished.add(pool.submit(client));
                }
                Thread.sleep(5_000);
                acknowledgedAt[0] = acknowledged.get();
                assertThat(cluster.stop(Optional.of(KILLED), true)).isTrue();   // SIGKILL
                Thread.sleep(7_000);
                acknowledgedAt[1] = acknowledged.get();
                assertThat(cluster.startNode(KILLED)).as(processes.output()).isTrue();
                Thread.sleep(5_000);
                acknowledgedAt[2] = acknowledged.get();
            } finally {
                running.set(false);
                pool.shutdown();
            }
            for (Future<?> client : finished) {
                client.get(30, TimeUnit.SECONDS);   // the request timeout is 10 s
            }

            long[] acknowledgedSum = new long[KEYS];
            long[] unknownSum = new long[KEYS];
            long[] counts = new long[3];   // acknowledged, unknown, not applied
            Map<String, Long> errors = new TreeMap<>();
            Map<String, Long> movedOnAfter = new TreeMap<>();
            List<String> unexpected = new ArrayList<>();
            for (Client client : clients) {
                for (int key = 0; key < KEYS; key++) {
                    acknowledgedSum[key] += client.acknowledged[key];
                    unknownSum[key] += client.unknown[key];
                }
                counts[0] += client.acknowledgedCount;
                counts[1] += client.unknownCount;
                counts[2] += client.notApplied;
                client.errors.forEach((kind, count) -> errors.merge(kind, count, Long::sum));
                client.movedOnAfter.forEach((kind, count) -> movedOnAfter.merge(kind, count, Long::sum));
                unexpected.addAll(client.unexpected);
            }
            System.out.println("Counter increments: acknowledged " + counts[0] + " (sums by key "
                    + Arrays.toString(acknowledgedSum) + "), unknown outcome " + counts[1] + " (sums by key "
                    + Arrays.toString(unknownSum) + ") " + errors + ", not applied " + counts[2]
                    + ", errors after which the driver tried another node " + movedOnAfter + "; acknowledged before the kill "
                    + acknowledgedAt[0] + ", while node " + KILLED + " was down " + (acknowledgedAt[1] - acknowledgedAt[0])
                    + ", after its restart " + (acknowledged.get() - acknowledgedAt[1]));
            assertThat(unexpected).as("wrong answers, unexpected errors and retries after an unknown outcome")
                    .isEmpty();
            assertThat(acknowledgedAt[0]).as("acknowledged with every node up").isPositive();
            assertThat(acknowledgedAt[1] - acknowledgedAt[0]).as("acknowledged while node %d was down", KILLED)
                    .isPositive();
            assertThat(acknowledged.get() - acknowledgedAt[1]).as("acknowledged after node %d restarted", KILLED)
                    .isPositive();

            PreparedStatement read = session.prepare("SELECT n FROM ks.counts WHERE k = ?");
            // Each node's own copy before anything is repaired, for the record (node 2's may lag).
            for (int key = 0; key < KEYS; key++) {
                List<String> own = new ArrayList<>();
                for (int index = 1; index <= 3; index++) {
                    try {
                        own.add(String.valueOf(readThrough(session, read, key, index, DefaultConsistencyLevel.ONE,
                                Duration.ofSeconds(2))));
                    } catch (AssertionError notRead) {
                        own.add("?");
                    }
                }
                System.out.println("key " + key + " read at ONE through nodes 1, 2, 3 before hints and read repair: "
                        + own);
            }

            long[] finalValue = new long[KEYS];
            for (int key = 0; key < KEYS; key++) {
                List<Long> seen = new ArrayList<>();
                for (int index = 1; index <= 3; index++) {
                    seen.add(readThrough(session, read, key, index, DefaultConsistencyLevel.ALL,
                            Duration.ofSeconds(60)));
                }
                System.out.println("key " + key + " read at ALL through nodes 1, 2, 3: " + seen + " (acknowledged "
                        + acknowledgedSum[key] + ", unknown " + unknownSum[key] + ")");
                long value = seen.get(0);
                assertThat(value).as("key %d at ALL through node 1: %d acknowledged, %d unknown", key,
                        acknowledgedSum[key], unknownSum[key])
                        .isBetween(acknowledgedSum[key], acknowledgedSum[key] + unknownSum[key]);
                assertThat(seen).as("key %d read at ALL through nodes 1, 2, 3", key).containsOnly(value);
                finalValue[key] = value;
            }

            assertThat(eventually(Duration.ofSeconds(60), () -> {
                for (int index = 1; index <= 3; index++) {
                    if (AdminCalls.json(index, "hints", null).path("total").asLong() != 0) {
                        return false;
                    }
                }
                return true;
            })).as("every hint delivered within 60 s").isTrue();
            for (int key = 0; key < KEYS; key++) {
                int k = key;
                List<Long> own = new ArrayList<>();
                boolean converged = eventually(Duration.ofSeconds(30), () -> {
                    own.clear();
                    for (int index = 1; index <= 3; index++) {
                        own.add(readThrough(session, read, k, index, DefaultConsistencyLevel.ONE,
                                Duration.ofSeconds(10)));
                    }
                    return own.stream().allMatch(v -> v == finalValue[k]);
                });
                System.out.println("key " + key + " read at ONE through nodes 1, 2, 3 after hints: " + own);
                assertThat(converged).as("key %d: every node's own copy at ONE comes to %d within 30 s, last seen %s",
                        key, finalValue[key], own).isTrue();
            }
        }
        System.out.println("CounterProcessTest took " + Duration.ofNanos(System.nanoTime() - began).toMillis()
                + " ms before cleaning up");
    }

    /**
     * Key {@code key}'s counter (0 without a row) read at {@code consistency} with node
     * {@code index} coordinating, retried until {@code patience} has passed. At ONE, the
     * coordinating node, itself a replica, answers from its own copy.
     */
    private static long readThrough(CqlSession session, PreparedStatement read, int key, int index,
                                    DefaultConsistencyLevel consistency, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            Optional<Node> node = session.getMetadata().getNodes().values().stream()
                    .filter(n -> n.getEndPoint().resolve().toString().contains("127.0.0." + index + ":"))
                    .findFirst();
            if (node.isPresent()) {
                try {
                    Row row = session.execute(read.bind(key).setNode(node.get()).setConsistencyLevel(consistency))
                            .one();
                    return row == null || row.isNull(0) ? 0 : row.getLong(0);
                } catch (RuntimeException notYet) {
                    last = notYet;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no read of key " + key + " at " + consistency + " through node " + index
                + " within " + patience.toSeconds() + " s", last);
    }

    private interface Check {
        boolean call() throws Exception;
    }

    /** Retries {@code check} every 500 ms until it returns true or {@code patience} has passed. */
    private static boolean eventually(Duration patience, Check check) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (check.call()) {
                    return true;
                }
            } catch (Exception | AssertionError notYet) {
                // retried until the deadline
            }
            Thread.sleep(500);
        }
        return false;
    }

    /**
     * One client: increments random keys by 1 to {@value #MAX_DELTA} at QUORUM, one synchronous
     * statement at a time, until {@code running} turns false, and records per key the sum of the
     * increments acknowledged and of those whose outcome it could not learn. Its fields are read
     * once its task has finished.
     */
    private static final class Client implements Runnable {

        private static final int MAX_REPORTED = 20;

        private final CqlSession session;
        private final PreparedStatement increment;
        private final int index;
        private final AtomicBoolean running;
        private final AtomicLong acknowledgedTotal;
        final long[] acknowledged = new long[KEYS];
        final long[] unknown = new long[KEYS];
        long acknowledgedCount;
        long unknownCount;
        long notApplied;
        final Map<String, Long> errors = new TreeMap<>();
        /** The errors after which the driver tried another node, by kind. */
        final Map<String, Long> movedOnAfter = new TreeMap<>();
        final List<String> unexpected = new ArrayList<>();

        Client(CqlSession session, PreparedStatement increment, int index, AtomicBoolean running,
               AtomicLong acknowledgedTotal) {
            this.session = session;
            this.increment = increment;
            this.index = index;
            this.running = running;
            this.acknowledgedTotal = acknowledgedTotal;
        }

        @Override
        public void run() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (running.get() && !Thread.currentThread().isInterrupted()) {
                int key = random.nextInt(KEYS);
                long delta = 1 + random.nextInt(MAX_DELTA);
                // Not idempotent: the driver sends it to one node and never again once it may have arrived.
                BoundStatement statement = increment.bind(delta, key)
                        .setConsistencyLevel(DefaultConsistencyLevel.QUORUM).setIdempotent(false);
                try {
                    ResultSet result = session.execute(statement);
                    acknowledged[key] += delta;
                    acknowledgedCount++;
                    acknowledgedTotal.incrementAndGet();
                    checkNotRetried(key, result.getExecutionInfo());
                } catch (UnavailableException | NoNodeAvailableException refused) {
                    // Refused before anything was written: not applied.
                    notApplied++;
                    errors.merge(refused.getClass().getSimpleName() + " (not applied)", 1L, Long::sum);
                    checkNotRetried(key, refused.getExecutionInfo());
                    pause();
                } catch (InvalidQueryException | SyntaxError wrong) {
                    report("client " + index + ", key " + key + ": " + wrong);
                } catch (RuntimeException maybe) {
                    // WRITE_TIMEOUT, the client's own timeout, a connection lost with the request sent, a
                    // server error: the increment may or may not have been applied.
                    unknown[key] += delta;
                    unknownCount++;
                    errors.merge(kind(maybe), 1L, Long::sum);
                    if (maybe instanceof DriverException failed) {
                        checkNotRetried(key, failed.getExecutionInfo());
                    }
                    pause();
                }
            }
        }

        /**
         * The driver may move on to another node only when a statement could not be sent, or was
         * refused as UNAVAILABLE or by a node still starting: an earlier error that a node answered
         * after receiving the increment, or the client's own timeout, means it was sent twice.
         */
        private void checkNotRetried(int key, ExecutionInfo info) {
            if (info == null || info.getErrors().isEmpty()) {
                return;
            }
            for (Map.Entry<Node, Throwable> error : info.getErrors()) {
                Throwable cause = error.getValue();
                movedOnAfter.merge(cause.getClass().getSimpleName(), 1L, Long::sum);
                boolean received = cause instanceof CoordinatorException && !(cause instanceof UnavailableException)
                        && !(cause instanceof BootstrappingException);
                if (received || cause instanceof DriverTimeoutException) {
                    report("client " + index + ", key " + key + ": the driver sent an increment again after "
                            + cause + " from " + error.getKey().getEndPoint());
                }
            }
        }

        private static String kind(RuntimeException e) {
            if (e instanceof WriteTimeoutException timeout) {
                // Marked when not of type COUNTER: a counter write that times out should say so.
                return "WriteTimeout/" + timeout.getWriteType()
                        + (timeout.getWriteType() == DefaultWriteType.COUNTER ? "" : "!");
            }
            if (e instanceof AllNodesFailedException failed) {
                return failed.getClass().getSimpleName() + failed.getAllErrors().values().stream()
                        .flatMap(List::stream).map(t -> t.getClass().getSimpleName()).distinct().toList();
            }
            return e.getClass().getSimpleName();
        }

        /** After a failure, so that a client does not spin while no node answers. */
        private static void pause() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void report(String problem) {
            if (unexpected.size() < MAX_REPORTED) {
                unexpected.add(problem);
            }
        }
    }
}
