package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import io.cairn.server.CairnNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/** Lightweight transactions through the Java driver 4 on one node, in a keyspace of one replica. */
class SingleNodeLightweightTransactionTest extends LightweightTransactionDriverContract {

    @TempDir
    static Path directory;

    private static CairnNode node;
    private static CqlSession session;
    private static CqlSession sessionV4;

    @BeforeAll
    static void startNode() throws Exception {
        node = TestNodes.startSingleWithKeyspace(directory, "lwt");
        session = TestNodes.session(node.nativeAddress(), 1);
        sessionV4 = TestNodes.session(node.nativeAddress(), 1, DefaultProtocolVersion.V4);
    }

    @AfterAll
    static void stopNode() {
        for (CqlSession open : new CqlSession[] {session, sessionV4}) {
            if (open != null) {
                open.close();
            }
        }
        if (node != null) {
            TestNodes.close(List.of(node));
        }
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
    String keyspace() {
        return "lwt";
    }
}
