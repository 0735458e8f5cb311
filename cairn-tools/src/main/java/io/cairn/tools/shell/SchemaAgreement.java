package io.cairn.tools.shell;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import io.cairn.common.SuppressForbidden;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Waits, after a schema change, until every node reports the same schema version, as cqlsh
 * does: the versions are the shell's node's {@code system.local} and {@code system.peers}.
 * The driver's own check cannot be used: it leaves out the nodes it has no connection to,
 * which for the shell is every node but its own. A peer the driver has seen go down is left
 * out, as drivers do.
 */
final class SchemaAgreement {

    /** How long to wait for agreement: the drivers' (and so cqlsh's) default. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    /** How often the versions are read again (two small reads of the node's system tables). */
    static final Duration INTERVAL = Duration.ofMillis(100);

    /** What cqlsh prints when the nodes did not agree in time. */
    static final String MISMATCH_WARNING = "Warning: schema version mismatch detected; check the schema versions "
            + "of your nodes in system.local and system.peers.";

    private SchemaAgreement() {
    }

    /** Whether all nodes agreed within {@code maxWait}. */
    @SuppressForbidden(reason = "the shell is a client waiting on real time between polls of the server")
    static boolean await(CqlSession session, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            if (versions(session).size() <= 1) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** The distinct schema versions of the shell's node and of its peers that are not known to be down. */
    static Set<UUID> versions(CqlSession session) {
        Set<UUID> versions = new HashSet<>();
        Row local = session.execute("SELECT schema_version FROM system.local").one();
        if (local != null && !local.isNull(0)) {
            versions.add(local.getUuid(0));
        }
        Map<UUID, Node> nodes = session.getMetadata().getNodes();
        for (Row peer : session.execute("SELECT host_id, schema_version FROM system.peers")) {
            Node node = peer.isNull(0) ? null : nodes.get(peer.getUuid(0));
            boolean isDown = node != null && (node.getState() == NodeState.DOWN
                    || node.getState() == NodeState.FORCED_DOWN);
            if (!isDown && !peer.isNull(1)) {
                versions.add(peer.getUuid(1));
            }
        }
        return versions;
    }
}
