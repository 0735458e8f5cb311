package io.cairn.node.ring;

import io.cairn.cluster.messaging.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TokenAllocatorTest {

    /** Min and max primary ownership over the nodes of a ring built one node at a time. */
    static double[] spread(int nodes, int tokensPerNode, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<NodeAddress, List<Long>> tokens = new HashMap<>();
        Map<Long, String> all = new HashMap<>();
        for (int i = 1; i <= nodes; i++) {
            List<Long> chosen = TokenAllocator.allocate(all, tokensPerNode, random);
            tokens.put(new NodeAddress("127.0.0." + i, 7000), chosen);
            for (long token : chosen) {
                all.put(token, "node" + i);
            }
        }
        Map<NodeAddress, Double> shares = new TokenRing(tokens, Map.of()).primaryOwnership();
        return new double[] {shares.values().stream().mapToDouble(Double::doubleValue).min().orElse(0),
                shares.values().stream().mapToDouble(Double::doubleValue).max().orElse(0)};
    }

    @Test
    void ownershipStaysBalancedForThreeAndSixNodes() {
        double[] three = spread(3, 16, 1);
        assertThat(three[0]).isGreaterThan(0.30);
        assertThat(three[1]).isLessThan(0.37);
        double[] six = spread(6, 16, 2);
        assertThat(six[0]).isGreaterThan(0.14);
        assertThat(six[1]).isLessThan(0.19);
        System.out.printf(java.util.Locale.ROOT, "ownership 3 nodes: %.3f-%.3f, 6 nodes: %.3f-%.3f%n",
                three[0], three[1], six[0], six[1]);
    }

    @Test
    void theFirstNodeTakesEvenlySpacedTokensAndChoicesAreDistinct() {
        List<Long> first = TokenAllocator.allocate(Map.of(), 4, new SplittableRandom(3));
        assertThat(first).hasSize(4).doesNotHaveDuplicates();
        Map<Long, String> owners = new HashMap<>();
        first.forEach(token -> owners.put(token, "first"));
        List<Long> second = TokenAllocator.allocate(owners, 4, new SplittableRandom(3));
        assertThat(second).hasSize(4).doesNotContainAnyElementsOf(first);
    }
}
