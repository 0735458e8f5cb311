package io.cairn.node.ring;

import io.cairn.cluster.messaging.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TokenRingTest {

    private static NodeAddress node(int i) {
        return new NodeAddress("127.0.0." + i, 7000);
    }

    private static TokenRing.Location at(String dc, String rack) {
        return new TokenRing.Location(dc, rack);
    }

    @Test
    void simpleStrategyWalksClockwiseSkippingNodesAlreadyChosenAndWraps() {
        TokenRing ring = new TokenRing(Map.of(node(1), List.of(-100L, 200L), node(2), List.of(0L), node(3),
                List.of(100L)), Map.of(node(1), at("dc1", "r1"), node(2), at("dc1", "r1"), node(3), at("dc1", "r1")));
        assertThat(ring.simpleReplicas(-50, 2)).containsExactly(node(2), node(3));
        assertThat(ring.simpleReplicas(150, 3)).containsExactly(node(1), node(2), node(3));
        assertThat(ring.simpleReplicas(300, 2)).containsExactly(node(1), node(2));
        assertThat(ring.simpleReplicas(0, 5)).containsExactly(node(2), node(3), node(1));
    }

    @Test
    void networkTopologyPrefersDistinctRacksThenFillsWithSkippedNodes() {
        // Ring order from token 0: 1 (dc1 r1), 2 (dc1 r1), 3 (dc2 r1), 4 (dc1 r2), 5 (dc2 r2), 6 (dc1 r1)
        TokenRing ring = new TokenRing(Map.of(node(1), List.of(0L), node(2), List.of(10L), node(3), List.of(20L),
                node(4), List.of(30L), node(5), List.of(40L), node(6), List.of(50L)),
                Map.of(node(1), at("dc1", "r1"), node(2), at("dc1", "r1"), node(3), at("dc2", "r1"),
                        node(4), at("dc1", "r2"), node(5), at("dc2", "r2"), node(6), at("dc1", "r1")));
        assertThat(ring.networkTopologyReplicas(0, Map.of("dc1", 2))).containsExactly(node(1), node(4));
        assertThat(ring.networkTopologyReplicas(0, Map.of("dc1", 3))).containsExactly(node(1), node(4), node(2));
        assertThat(ring.networkTopologyReplicas(35, Map.of("dc2", 2))).containsExactly(node(5), node(3));
        assertThat(ring.networkTopologyReplicas(0, Map.of("dc3", 2))).isEmpty();
    }

    @Test
    void ownershipSumsToTheWholeRingAndTokensCannotBeSharedByTwoNodes() {
        TokenRing ring = new TokenRing(Map.of(node(1), List.of(Long.MIN_VALUE, 0L), node(2), List.of(
                Long.MIN_VALUE / 2, Long.MAX_VALUE / 2)), Map.of());
        Map<NodeAddress, Double> shares = ring.primaryOwnership();
        assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(shares.get(node(1))).isCloseTo(0.5, within(1e-3));
        assertThatThrownBy(() -> new TokenRing(Map.of(node(1), List.of(5L), node(2), List.of(5L)), Map.of()))
                .hasMessageContaining("Token 5 is owned by both");
    }
}
