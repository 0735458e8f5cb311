package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.Verb;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.schema.SchemaReconciler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schema push lost while both nodes stay up is repaired: the nodes see their gossiped schema
 * versions differ and send each other their whole schema, tombstones of dropped tables included.
 */
class SchemaConvergenceClusterTest {

    private final InJvmCluster fixture = new InJvmCluster();
    private final List<InJvmCluster.Node> nodes = fixture.nodes;

    @AfterEach
    void stop() {
        fixture.close();
    }

    private boolean hasTable(InJvmCluster.Node node, String table) {
        return node.assembly().schema().current().keyspace("ks").tables().containsKey(table);
    }

    @Test
    void aNodeThatMissedACreateAndADropCatchesUpWhileEveryNodeStaysUp() {
        fixture.start("dc1", "dc1", "dc1");
        InJvmCluster.Node third = nodes.get(2);
        fixture.network.setDeliveryPolicy((from, to, message) ->
                message.verb() == Verb.SCHEMA_PUSH && to.equals(third.address()) ? Optional.empty()
                        : Optional.of(Duration.ZERO));
        InJvmCluster.run(nodes.get(0), "CREATE TABLE ks.missed (k int PRIMARY KEY)", ConsistencyLevel.ONE);
        InJvmCluster.run(nodes.get(0), "DROP TABLE ks.t", ConsistencyLevel.ONE);
        assertThat(hasTable(third, "missed")).as("the push was lost").isFalse();
        fixture.network.setDeliveryPolicy((from, to, message) -> Optional.of(Duration.ZERO));

        long deadline = System.nanoTime() + SchemaReconciler.INTERVAL.multipliedBy(4).toNanos();
        while ((!hasTable(third, "missed") || hasTable(third, "t")) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(hasTable(third, "missed")).as("the table created while its push was lost").isTrue();
        assertThat(hasTable(third, "t")).as("the table dropped while its push was lost").isFalse();
        assertThat(third.assembly().schema().current().version())
                .isEqualTo(nodes.get(0).assembly().schema().current().version());
    }
}
