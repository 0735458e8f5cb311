package io.cairn.tools;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import io.cairn.common.time.SystemClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three real node processes on 127.0.0.1-3 (as {@code cairn cluster start -n 3} runs them),
 * driven by the Java driver: QUORUM survives a SIGKILLed node, ALL becomes UNAVAILABLE once
 * the node is seen down, and after its restart the hints bring it up to date — checked by
 * reading at ONE from that node alone.
 */
class LocalClusterProcessTest {

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

    private static CqlSession session(String host) {
        return CqlSession.builder().addContactPoint(new InetSocketAddress(host, 9042))
                .withLocalDatacenter("datacenter1").build();
    }

    @Test
    void quorumSurvivesAKilledNodeAndHintsCatchItUp() throws Exception {
        PrintStream log = new PrintStream(output, true, StandardCharsets.UTF_8);
        cluster = new LocalCluster(directory.resolve("cluster"), new SystemClock(), log, log);
        assertThat(cluster.start(3, 1)).as(output.toString(StandardCharsets.UTF_8)).isTrue();
        try (CqlSession session = session("127.0.0.1")) {
            session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 3}");
            session.execute("CREATE TABLE ks.kv (k int PRIMARY KEY, v int)");
            session.execute("CREATE TABLE ks.probe (k int PRIMARY KEY, v int)");
            assertThat(cluster.stop(Optional.of(2), true)).isTrue();
            PreparedStatement insert = session.prepare("INSERT INTO ks.kv (k, v) VALUES (?, ?)");
            for (int k = 0; k < 200; k++) {
                session.execute(insert.bind(k, k).setConsistencyLevel(DefaultConsistencyLevel.QUORUM));
            }
            assertThat(session.execute(SimpleStatement.newInstance("SELECT count(*) FROM ks.kv")
                    .setConsistencyLevel(DefaultConsistencyLevel.QUORUM)).one().getLong(0)).isEqualTo(200);
            // Probes at ALL (into another table: a probe that times out still reaches the live replicas).
            PreparedStatement probe = session.prepare("INSERT INTO ks.probe (k, v) VALUES (?, ?)");
            boolean unavailable = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!unavailable && System.nanoTime() < deadline) {
                try {
                    session.execute(probe.bind(1, 1).setConsistencyLevel(DefaultConsistencyLevel.ALL));
                    Thread.sleep(500);
                } catch (RuntimeException e) {
                    unavailable = causedBy(e, UnavailableException.class);
                    if (!unavailable) {
                        Thread.sleep(500);
                    }
                }
            }
            assertThat(unavailable).as("ALL becomes UNAVAILABLE once node 2 is seen down").isTrue();
        }
        assertThat(cluster.startNode(2)).as(output.toString(StandardCharsets.UTF_8)).isTrue();
        try (CqlSession session = session("127.0.0.1")) {
            // Node 2 alone answers (the statement is sent to it, at ONE: its own data).
            var node2 = session.getMetadata().getNodes().values().stream()
                    .filter(node -> node.getEndPoint().resolve().toString().contains("127.0.0.2")).findFirst()
                    .orElseThrow();
            long count = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (count < 200 && System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                try {
                    count = session.execute(SimpleStatement.newInstance("SELECT count(*) FROM ks.kv")
                            .setNode(node2).setConsistencyLevel(DefaultConsistencyLevel.ONE)).one().getLong(0);
                } catch (RuntimeException notYetUp) {
                    count = 0;
                }
            }
            assertThat(count).as("rows node 2 holds after hints").isEqualTo(200);
        }
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> kind) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
            if (t instanceof com.datastax.oss.driver.api.core.AllNodesFailedException all) {
                for (var errors : all.getAllErrors().values()) {
                    for (Throwable nested : errors) {
                        if (kind.isInstance(nested)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }
}
