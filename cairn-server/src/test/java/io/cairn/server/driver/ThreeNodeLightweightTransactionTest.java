package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import io.cairn.server.CairnNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Lightweight transactions through the Java driver 4 on three nodes (127.0.0.1-3, in one JVM), in
 * a keyspace of three replicas: every transaction is a Paxos round among the three.
 */
class ThreeNodeLightweightTransactionTest extends LightweightTransactionDriverContract {

    @TempDir
    static Path directory;

    private static List<CairnNode> nodes = List.of();
    private static CqlSession session;
    private static CqlSession sessionV4;

    @BeforeAll
    static void startCluster() throws Exception {
        nodes = TestNodes.startCluster(directory, "lwt3", 3);
        InetSocketAddress first = nodes.get(0).nativeAddress();
        session = TestNodes.session(first, 3);
        sessionV4 = TestNodes.session(first, 3, DefaultProtocolVersion.V4);
        session.execute("CREATE KEYSPACE lwt WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
    }

    @AfterAll
    static void stopCluster() {
        for (CqlSession open : new CqlSession[] {session, sessionV4}) {
            if (open != null) {
                open.close();
            }
        }
        TestNodes.close(nodes);
    }

    @Override
    CqlSession session() {
        return session;
    }

    @Override
    CqlSession sessionV4() {
        return sessionV4;
    }

    @Override
    boolean contentionMayLeaveUnknownOutcomes() {
        return true;
    }

    @Override
    String keyspace() {
        return "lwt";
    }
}
