package io.cairn.node;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.query.QueryResult;
import io.cairn.node.repair.RepairSettings;
import io.cairn.storage.RepairedRanges;
import io.cairn.storage.TokenRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zombie row, on virtual time: a replica is cut off while a row is deleted, and stays away
 * longer than the table's gc grace (60 s). Under gc grace alone (Cassandra's rule, automatic
 * repair off), the two others purge the tombstone, and when the third comes back its old copy
 * of the row is read back and repaired onto them: the deleted row lives again. Under automatic
 * repair, a tombstone is purged only once a repair that started more than gc grace after the
 * deletion covered its token: the tombstone waits for the third replica, reaches it, and only
 * then goes, everywhere.
 */
class TombstonePurgeTest {

    private static final int GC_GRACE_SECONDS = 60;

    private static final RepairSettings AUTOMATIC = RepairSettings.DEFAULTS
            .withIntervals(Duration.ofSeconds(30), Duration.ofSeconds(5));

    /**
     * Inserts key 1 everywhere, then deletes it while node 3 is cut off, and waits past gc grace;
     * returns when the deletion was made (seconds).
     */
    private long deleteWhileTheThirdIsAway(RepairCluster cluster) {
        cluster.start(" WITH gc_grace_seconds = " + GC_GRACE_SECONDS);
        Node first = cluster.nodes.get(0);
        cluster.execute(first, "INSERT INTO ks.t (k, v) VALUES (1, 1)", ConsistencyLevel.ALL);
        cluster.loop.advance(Duration.ofSeconds(20));
        NodeAddress away = cluster.nodes.get(2).address();
        cluster.network.setDeliveryPolicy((from, to, message) -> from.equals(away) || to.equals(away)
                ? Optional.empty() : Optional.of(Duration.ZERO));
        cluster.loop.advance(Duration.ofSeconds(30));
        long deleted = cluster.clock.currentTimeSeconds();
        cluster.execute(first, "DELETE FROM ks.t WHERE k = 1", ConsistencyLevel.QUORUM);
        cluster.loop.advance(Duration.ofSeconds(GC_GRACE_SECONDS * 3));
        purgeOn(cluster, cluster.nodes.get(0));
        purgeOn(cluster, cluster.nodes.get(1));
        return deleted;
    }

    private static void purgeOn(RepairCluster cluster, Node node) {
        node.storage().purge(cluster.table(node).tableId());
    }

    /** Heals the cut and lets gossip see node 3 again. */
    private static void heal(RepairCluster cluster) {
        cluster.network.setDeliveryPolicy((from, to, message) -> Optional.of(Duration.ZERO));
        cluster.loop.advance(Duration.ofSeconds(20));
    }

    private static List<List<java.nio.ByteBuffer>> readAtAll(RepairCluster cluster) {
        QueryResult result = cluster.execute(cluster.nodes.get(0), "SELECT * FROM ks.t WHERE k = 1",
                ConsistencyLevel.ALL);
        return ((QueryResult.Rows) result).rows();
    }

    @Test
    void underGcGraceAloneAReplicaThatMissedTheDeleteBringsTheRowBack() {
        RepairCluster cluster = new RepairCluster(settings -> settings.withRepair(RepairSettings.MANUAL));
        deleteWhileTheThirdIsAway(cluster);
        assertThat(cluster.storedOn(cluster.nodes.get(0))).as("the tombstone is purged on node 1").isEmpty();
        assertThat(cluster.keysOn(cluster.nodes.get(2))).as("node 3 still has the row").containsExactly(1);

        heal(cluster);

        assertThat(readAtAll(cluster)).as("the deleted row is read back").hasSize(1);
        assertThat(cluster.keysOn(cluster.nodes.get(0))).as("and read repair wrote it back to node 1")
                .containsExactly(1);
    }

    @Test
    void underAutomaticRepairTheTombstoneWaitsForARepairThatReachesEveryReplicaAndThenGoesEverywhere() {
        RepairCluster cluster = new RepairCluster(settings -> settings.withRepair(AUTOMATIC));
        long deleted = deleteWhileTheThirdIsAway(cluster);
        Node first = cluster.nodes.get(0);
        assertThat(first.autoRepairProgress().piecesRepaired()).as("pieces repaired before the cut").isPositive();
        assertThat(cluster.storedOn(first)).as("past gc grace, the tombstone waits for a repair on node 1")
                .hasSize(1);
        assertThat(cluster.storedOn(cluster.nodes.get(1))).hasSize(1);
        assertThat(cluster.keysOn(cluster.nodes.get(2))).containsExactly(1);

        heal(cluster);
        // Automatic repair brings the tombstone to node 3 and marks the pieces repaired.
        cluster.loop.advance(Duration.ofSeconds(GC_GRACE_SECONDS));

        assertThat(cluster.keysOn(cluster.nodes.get(2))).as("the deletion reached node 3").isEmpty();
        for (Node node : cluster.nodes) {
            RepairedRanges repaired = node.storage().repaired(cluster.table(node).tableId());
            assertThat(repaired.oldest(TokenRange.FULL))
                    .as("every piece repaired by a repair that started past gc grace after the deletion, on %s",
                            node.address())
                    .isGreaterThan(deleted + GC_GRACE_SECONDS);
        }
        for (Node node : cluster.nodes) {
            purgeOn(cluster, node);
            assertThat(cluster.storedOn(node)).as("the tombstone, repaired, is purged on %s", node.address())
                    .isEmpty();
        }
        assertThat(readAtAll(cluster)).as("the row stays deleted").isEmpty();
        QueryResult repairs = cluster.execute(first, "SELECT keyspace_name, table_name, ranges_repaired, mismatches, "
                + "bytes_streamed, repaired_at FROM system_views.repairs", ConsistencyLevel.ONE);
        assertThat(((QueryResult.Rows) repairs).rows()).as("system_views.repairs on node 1").singleElement()
                .satisfies(row -> {
                    assertThat(io.cairn.cql.type.NativeType.TEXT.compose(row.get(1))).isEqualTo("t");
                    assertThat((Long) io.cairn.cql.type.NativeType.BIGINT.compose(row.get(2))).isPositive();
                    assertThat((Long) io.cairn.cql.type.NativeType.BIGINT.compose(row.get(3)))
                            .as("the tombstone node 3 lacked was a mismatch").isPositive();
                    assertThat((Long) io.cairn.cql.type.NativeType.BIGINT.compose(row.get(4))).isPositive();
                    assertThat(((java.time.Instant) io.cairn.cql.type.NativeType.TIMESTAMP.compose(row.get(5)))
                            .getEpochSecond()).as("repaired_at").isGreaterThan(deleted + GC_GRACE_SECONDS);
                });
        for (Node node : cluster.nodes) {
            assertThat(cluster.keysOn(node)).isEmpty();
        }
    }
}
