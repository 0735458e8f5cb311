package io.cairn.node.ring;

import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.cluster.gossip.Gossiper;
import io.cairn.cluster.gossip.PhiAccrualFailureDetector;
import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.node.query.NodeFixture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The ring as gossip describes it, while nodes join. */
class GossipTopologyTest {

    private static NodeAddress node(int last) {
        return new NodeAddress("127.0.0." + last, 7000);
    }

    /**
     * Normal nodes own tokens 0, 1000 and 2000 (RF 1: a token's replica is the owner of the next
     * ring token); this node joins at 500 while another joins at 400. Token 300 is this node's
     * once it has joined, whoever joins first, so it is pending for 300 and copies (0, 500].
     */
    @Test
    void eachJoiningNodeIsPendingForTheRangesItWillOwnWhenItJoinsFirst() {
        try (NodeFixture fixture = new NodeFixture()) {
            fixture.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 1}");
            VirtualScheduler scheduler = new VirtualScheduler(fixture.clock);
            NodeAddress self = node(4);
            Gossiper gossiper = new Gossiper(self, new InJvmNetwork(scheduler).join(self), fixture.clock, scheduler,
                    new SplittableRandom(1), List.of(), new PhiAccrualFailureDetector(8));
            gossiper.remember(node(1), Map.of(ApplicationState.TOKENS, "0", ApplicationState.STATUS, "NORMAL"));
            gossiper.remember(node(2), Map.of(ApplicationState.TOKENS, "1000", ApplicationState.STATUS, "NORMAL"));
            gossiper.remember(node(3), Map.of(ApplicationState.TOKENS, "2000", ApplicationState.STATUS, "NORMAL"));
            gossiper.remember(node(5), Map.of(ApplicationState.TOKENS, "400",
                    ApplicationState.STATUS, GossipTopology.JOINING));
            gossiper.start(Map.of(ApplicationState.TOKENS, "500", ApplicationState.STATUS, GossipTopology.JOINING));
            GossipTopology topology = new GossipTopology(self, gossiper, fixture.schema);
            topology.refresh();

            assertThat(topology.replicasFor("ks", 300)).containsExactly(node(2));
            assertThat(topology.replicasOnceJoined("ks", 300)).containsExactly(self);
            assertThat(topology.pendingFor("ks", 300)).containsExactly(self);
            assertThat(topology.pendingFor("ks", 700)).isEmpty();
            assertThat(topology.futureRingTokens()).containsExactly(0L, 500L, 1000L, 2000L);
            gossiper.stop();
        }
    }
}
