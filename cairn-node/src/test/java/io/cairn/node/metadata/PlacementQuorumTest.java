package io.cairn.node.metadata;

import io.cairn.cluster.messaging.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiFunction;

import static io.cairn.node.metadata.MetadataFixtures.KEYSPACE;
import static io.cairn.node.metadata.MetadataFixtures.address;
import static io.cairn.node.metadata.MetadataFixtures.apply;
import static io.cairn.node.metadata.MetadataFixtures.cluster;
import static io.cairn.node.metadata.MetadataFixtures.id;
import static io.cairn.node.metadata.MetadataFixtures.node;
import static io.cairn.node.metadata.MetadataFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every movement of the ring keeps QUORUM reads seeing QUORUM writes: at each step, any set of
 * replicas that acknowledges a write (a quorum of the replication factor plus the plan's extra
 * acknowledgements, from its write replicas) shares a replica with any quorum of read
 * replicas, at the same step and at the steps just before and after it. Checked by brute
 * force on small rings: every kind of movement, every node it can concern, replication
 * factors 1 to 3, every token range. A dead node being replaced or removed adds nothing to
 * the acknowledgements a write needs.
 */
class PlacementQuorumTest {

    /** A movement's steps, each snapshot from the one before the Prepare entry to the finished one. */
    private record Scenario(String name, List<ClusterMetadata> steps) {
    }

    @Test
    void everyWriteQuorumMeetsEveryReadQuorumOfTheAdjacentSteps() {
        int checked = 0;
        for (int nodes = 2; nodes <= 5; nodes++) {
            for (int replicationFactor = 1; replicationFactor <= Math.min(3, nodes); replicationFactor++) {
                for (Scenario scenario : scenarios(nodes, replicationFactor)) {
                    checked += check(scenario, replicationFactor);
                }
            }
        }
        assertThat(checked).as("plan pairs where both quorums can be formed, checked").isGreaterThan(1_000);
    }

    private static List<Scenario> scenarios(int nodes, int replicationFactor) {
        ClusterMetadata base = cluster(nodes, replicationFactor);
        int joiner = nodes + 1;
        List<Scenario> scenarios = new ArrayList<>();
        // A new node joins in every gap of the ring, and past its end.
        for (int gap = 0; gap <= nodes; gap++) {
            long token = gap * 1000L + 500;
            ClusterMetadata registered = apply(base, new Register(node(joiner)));
            scenarios.add(run("join at " + token, registered, joiner, new PrepareJoin(id(joiner), tokens(token))));
        }
        for (int target = 1; target <= nodes; target++) {
            if (nodes > 1 && target != 1) {
                // Node 1 is the metadata replica and does not go.
                scenarios.add(run("leave of " + target, base, target, new PrepareLeave(id(target))));
                scenarios.add(run("remove of " + target, base, target, new PrepareRemove(id(target))));
                ClusterMetadata newAddress = apply(base, new Register(node(joiner)));
                scenarios.add(run("replace of " + target + " on a new address", newAddress, joiner,
                        new PrepareReplace(id(joiner), id(target))));
                ClusterMetadata sameAddress = apply(base, new Register(node(joiner, address(target))));
                scenarios.add(run("replace of " + target + " on its address", sameAddress, joiner,
                        new PrepareReplace(id(joiner), id(target))));
            }
            scenarios.add(run("move of " + target, base, target,
                    new PrepareMove(id(target), tokens(target * 1000L + 1500))));
        }
        return scenarios;
    }

    private static Scenario run(String name, ClusterMetadata before, int mover, Transformation prepare) {
        List<ClusterMetadata> steps = new ArrayList<>();
        steps.add(before);
        ClusterMetadata metadata = apply(before, prepare);
        steps.add(metadata);
        for (AdvanceMovement.To to : AdvanceMovement.To.values()) {
            metadata = apply(metadata, new AdvanceMovement(id(mover), to));
            steps.add(metadata);
        }
        assertThat(metadata.movement()).isNull();
        return new Scenario(name, steps);
    }

    private static int check(Scenario scenario, int replicationFactor) {
        int quorum = replicationFactor / 2 + 1;
        SortedSet<Long> points = new TreeSet<>();
        for (ClusterMetadata step : scenario.steps()) {
            for (SortedSet<Long> owned : step.tokens().values()) {
                for (long token : owned) {
                    points.add(token);
                    points.add(token + 1);
                }
            }
            if (step.movement() != null) {
                step.movement().newTokens().values().forEach(owned -> owned.forEach(token -> {
                    points.add(token);
                    points.add(token + 1);
                }));
            }
        }
        points.add(Long.MIN_VALUE);
        int checked = 0;
        List<ClusterMetadata> steps = scenario.steps();
        for (int s = 0; s < steps.size(); s++) {
            for (int r = Math.max(0, s - 1); r <= Math.min(steps.size() - 1, s + 1); r++) {
                for (long token : points) {
                    ReplicaPlan write = steps.get(s).planFor(KEYSPACE, token);
                    ReplicaPlan read = steps.get(r).planFor(KEYSPACE, token);
                    String where = scenario.name() + ", RF " + replicationFactor + ", token " + token + ": write at step "
                            + s + " " + write + ", read at step " + r + " " + read;
                    assertThat(write.writes()).as(where).doesNotHaveDuplicates();
                    assertThat(read.reads()).as(where).doesNotHaveDuplicates();
                    if (scenario.name().startsWith("replace") || scenario.name().startsWith("remove")) {
                        // The new owner takes the dead node's place in the count: a QUORUM write
                        // still needs only a quorum, and survives one more node down.
                        assertThat(write.extraWriteAcks()).as(where).isZero();
                    }
                    assertThat(disjointQuorums(write.writes(), quorum + write.extraWriteAcks(), read.reads(), quorum))
                            .as(where).isFalse();
                    if (quorum + write.extraWriteAcks() <= write.writes().size() && quorum <= read.reads().size()) {
                        checked++;
                    }
                }
            }
        }
        return checked;
    }

    /**
     * Whether some {@code writeCount} of {@code writes} and some {@code readCount} of
     * {@code reads} have no replica in common. False when either cannot be formed at all
     * (the operation is unavailable, which is safe).
     */
    static boolean disjointQuorums(List<NodeAddress> writes, int writeCount, List<NodeAddress> reads, int readCount) {
        if (writeCount > writes.size() || readCount > reads.size()) {
            return false;
        }
        return anySubset(writes, writeCount, (written, unused) ->
                anySubset(reads, readCount, (read, ignored) -> read.stream().noneMatch(written::contains)));
    }

    private static boolean anySubset(List<NodeAddress> from, int size,
                                     BiFunction<List<NodeAddress>, Void, Boolean> test) {
        int n = from.size();
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) != size) {
                continue;
            }
            List<NodeAddress> subset = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if ((mask & 1 << i) != 0) {
                    subset.add(from.get(i));
                }
            }
            if (test.apply(subset, null)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theBruteForceFindsDisjointQuorumsWhenTheyExist() {
        List<NodeAddress> abc = List.of(address(1), address(2), address(3));
        List<NodeAddress> abcd = List.of(address(1), address(2), address(3), address(4));
        assertThat(disjointQuorums(abcd, 2, abc, 2)).isTrue();
        assertThat(disjointQuorums(abcd, 3, abc, 2)).isFalse();
        assertThat(disjointQuorums(abc, 2, abc, 2)).isFalse();
        assertThat(disjointQuorums(abc, 4, abc, 1)).isFalse();
    }
}
