package io.cairn.tools.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;

import java.util.Map;
import java.util.TreeMap;

/**
 * The servers' own counters, summed over every node the driver knows, read before and after a
 * phase so that the result holds what the phase cost the servers. Each node is asked directly
 * (its virtual tables describe only itself). Two sources, whichever a node has:
 * <ul>
 *   <li>Cairn's {@code system_views.coordinator_metrics} (name, value): every counter by its name;</li>
 *   <li>Cassandra's {@code system_views.internode_outbound}: the messages sent to each peer,
 *       summed into {@value #MESSAGES_SENT}.</li>
 * </ul>
 * A node that has neither contributes nothing, and a counter no node has is absent.
 */
final class ServerCounters {

    /** Internode messages sent (requests and responses alike), counted by their senders. */
    static final String MESSAGES_SENT = "internode_messages_sent";

    private ServerCounters() {
    }

    static Map<String, Long> read(CqlSession session) {
        Map<String, Long> counters = new TreeMap<>();
        for (Node node : session.getMetadata().getNodes().values()) {
            if (node.getState() != NodeState.UP) {
                continue;
            }
            try {
                for (Row row : session.execute(SimpleStatement.newInstance(
                        "SELECT name, value FROM system_views.coordinator_metrics").setNode(node))) {
                    counters.merge(row.getString("name"), row.getLong("value"), Long::sum);
                }
            } catch (RuntimeException e) {
                // Not Cairn (or an older Cairn): this node has no such table.
            }
            try {
                for (Row row : session.execute(SimpleStatement.newInstance(
                        "SELECT sent_count FROM system_views.internode_outbound").setNode(node))) {
                    counters.merge(MESSAGES_SENT, row.getLong("sent_count"), Long::sum);
                }
            } catch (RuntimeException e) {
                // Not Cassandra: this node has no such table.
            }
        }
        return counters;
    }

    /** What grew from {@code before} to {@code after}: counters present in both. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((name, value) -> {
            Long earlier = before.get(name);
            if (earlier != null) {
                delta.put(name, value - earlier);
            }
        });
        return delta;
    }
}
