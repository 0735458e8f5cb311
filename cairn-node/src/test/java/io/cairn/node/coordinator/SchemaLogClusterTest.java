package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.Verb;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.node.agreement.MetadataExchange;
import io.cairn.node.agreement.MetadataReplicaSteward;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schema changes go through the cluster metadata log: two concurrent CREATE TABLEs of one name
 * give one success and one AlreadyExists, a node that missed the pushes of a create and a drop
 * catches up from the log, and once the metadata replicas have grown to three, DDL needs no one
 * node.
 */
class SchemaLogClusterTest {

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
    void ofConcurrentCreateTablesOfOneNameOnEveryNodeExactlyOneSucceeds() throws Exception {
        fixture.start("dc1", "dc1", "dc1");
        for (int round = 0; round < 5; round++) {
            List<CompletableFuture<QueryResult>> creates = new ArrayList<>();
            for (InJvmCluster.Node node : nodes) {
                // Each node defines the table differently: the winner's definition is everyone's.
                creates.add(node.processor().execute("CREATE TABLE ks.race" + round + " (k int PRIMARY KEY, v"
                                + nodes.indexOf(node) + " int)", QueryOptions.DEFAULT, new ClientSession())
                        .toCompletableFuture());
            }
            int applied = 0;
            int exists = 0;
            for (CompletableFuture<QueryResult> create : creates) {
                try {
                    assertThat(create.get(30, TimeUnit.SECONDS)).isInstanceOf(QueryResult.SchemaChanged.class);
                    applied++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(CqlException.class);
                    assertThat(((CqlException) e.getCause()).code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
                    exists++;
                }
            }
            assertThat(applied).as("round %d", round).isEqualTo(1);
            assertThat(exists).as("round %d", round).isEqualTo(nodes.size() - 1);
        }
        awaitAgreement(Duration.ofSeconds(10));
        for (InJvmCluster.Node node : nodes) {
            assertThat(node.schema().current().version()).isEqualTo(nodes.get(0).schema().current().version());
        }
    }

    @Test
    void aNodeThatMissedThePushesOfACreateAndADropCatchesUpFromTheLog() throws InterruptedException {
        fixture.start("dc1", "dc1", "dc1");
        InJvmCluster.Node third = nodes.get(2);
        fixture.network.setDeliveryPolicy((from, to, message) ->
                message.verb() == Verb.METADATA_PUSH && to.equals(third.address()) ? Optional.empty()
                        : Optional.of(Duration.ZERO));
        InJvmCluster.run(nodes.get(0), "CREATE TABLE ks.missed (k int PRIMARY KEY)", ConsistencyLevel.ONE);
        InJvmCluster.run(nodes.get(1), "DROP TABLE ks.t", ConsistencyLevel.ONE);

        // Any later message from a node of a newer epoch (gossip, at the latest) makes it fetch.
        long deadline = System.nanoTime() + MetadataExchange.PULL_INTERVAL.multipliedBy(2).toNanos();
        while ((!hasTable(third, "missed") || hasTable(third, "t")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(hasTable(third, "missed")).as("the table created while its push was lost").isTrue();
        assertThat(hasTable(third, "t")).as("the table dropped while its push was lost").isFalse();
        assertThat(third.assembly().metadata().current().epoch())
                .isEqualTo(nodes.get(0).assembly().metadata().current().epoch());
    }

    @Test
    void theMetadataReplicasGrowToThreeSoThatDdlNeedsNoOneNode() throws InterruptedException {
        fixture.start("dc1", "dc1", "dc1");
        long deadline = System.nanoTime() + MetadataReplicaSteward.INTERVAL.multipliedBy(5).toNanos();
        while (nodes.stream().anyMatch(node -> node.assembly().metadata().current().metadataReplicas().size() < 3)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        for (InJvmCluster.Node node : nodes) {
            assertThat(node.assembly().metadata().current().metadataReplicas()).as("metadata replicas at %s",
                    node.address()).hasSize(3);
        }
        // Node 1 (the first, which started the log) hears nothing and answers nothing: a quorum of
        // the other two decides the entry.
        InJvmCluster.Node first = nodes.get(0);
        fixture.network.setDeliveryPolicy((from, to, message) -> from.equals(first.address())
                || to.equals(first.address()) ? Optional.empty() : Optional.of(Duration.ZERO));
        assertThat(InJvmCluster.run(nodes.get(1), "CREATE TABLE ks.without_first (k int PRIMARY KEY)",
                ConsistencyLevel.ONE)).isInstanceOf(QueryResult.SchemaChanged.class);
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!hasTable(nodes.get(2), "without_first") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(hasTable(nodes.get(2), "without_first")).isTrue();
        assertThat(hasTable(first, "without_first")).as("cut off").isFalse();
    }

    /** Waits until every node has the schema of node 1's log. */
    private void awaitAgreement(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline && nodes.stream().anyMatch(node -> !node.schema().current().version()
                .equals(nodes.get(0).schema().current().version()))) {
            Thread.sleep(20);
        }
    }
}
