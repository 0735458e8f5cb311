package io.cairn.node.system;

import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.cluster.gossip.Gossiper;
import io.cairn.cluster.gossip.PhiAccrualFailureDetector;
import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.node.query.NodeFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Drivers discover other nodes through system.peers and peers_v2, which gossip fills. */
class PeersTablesTest {

    @Test
    void otherNodesAppearInThePeersTablesWithWhatDriversRead() {
        try (NodeFixture node = new NodeFixture()) {
            VirtualScheduler scheduler = new VirtualScheduler(node.clock);
            InJvmNetwork network = new InJvmNetwork(scheduler);
            NodeAddress a = new NodeAddress("127.0.0.1", 7000);
            NodeAddress b = new NodeAddress("127.0.0.2", 7000);
            SplittableRandom random = new SplittableRandom(9);
            Gossiper gossipA = new Gossiper(a, network.join(a), node.clock, scheduler, random.split(), List.of(a),
                    new PhiAccrualFailureDetector(8));
            Gossiper gossipB = new Gossiper(b, network.join(b), node.clock, scheduler, random.split(), List.of(a),
                    new PhiAccrualFailureDetector(8));
            gossipA.addListener(new PeersTables(node.storage, node.schema, node.clock, a));
            gossipA.start(Map.of(ApplicationState.HOST_ID, "11111111-1111-4111-8111-111111111111"));
            gossipB.start(Map.of(ApplicationState.HOST_ID, "22222222-2222-4222-8222-222222222222",
                    ApplicationState.TOKENS, "-5,42", ApplicationState.NATIVE_ADDRESS, "127.0.0.2:9042",
                    ApplicationState.DATA_CENTER, "dc2", ApplicationState.RACK, "r7",
                    ApplicationState.SCHEMA_VERSION, "33333333-3333-4333-8333-333333333333"));
            scheduler.advance(Duration.ofSeconds(5));
            assertThat(node.rows("SELECT peer, rpc_address, data_center, rack, host_id, tokens, schema_version "
                    + "FROM system.peers")).containsExactly(List.of("'127.0.0.2'", "'127.0.0.2'", "'dc2'", "'r7'",
                    "22222222-2222-4222-8222-222222222222", "{'-5', '42'}", "33333333-3333-4333-8333-333333333333"));
            assertThat(node.rows("SELECT peer, peer_port, native_address, native_port FROM system.peers_v2"))
                    .containsExactly(List.of("'127.0.0.2'", "7000", "'127.0.0.2'", "9042"));
            // What a restart of this node remembers of the ring before gossip speaks again.
            assertThat(PeersTables.remembered(node.storage, node.schema.current(), node.clock.currentTimeSeconds()))
                    .isEqualTo(Map.of(b, Map.of(ApplicationState.TOKENS, "-5,42",
                            ApplicationState.HOST_ID, "22222222-2222-4222-8222-222222222222",
                            ApplicationState.STATUS, "NORMAL", ApplicationState.DATA_CENTER, "dc2",
                            ApplicationState.RACK, "r7", ApplicationState.NATIVE_ADDRESS, "127.0.0.2:9042")));
        }
    }
}
