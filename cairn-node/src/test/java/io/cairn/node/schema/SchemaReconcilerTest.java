package io.cairn.node.schema;

import io.cairn.cluster.messaging.NodeAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A live peer whose schema version stays different gets this node's whole schema; a change spreading does not. */
class SchemaReconcilerTest {

    private static final NodeAddress TWO = new NodeAddress("127.0.0.2", 7000);
    private static final NodeAddress THREE = new NodeAddress("127.0.0.3", 7000);

    private String ours = "a";
    private final Map<NodeAddress, String> peers = new HashMap<>();
    private final List<NodeAddress> pushed = new ArrayList<>();
    private final SchemaReconciler reconciler = new SchemaReconciler(() -> ours, () -> peers, pushed::add);

    @Test
    void aPeerApartAtTwoChecksInARowGetsTheWholeSchema() {
        peers.put(TWO, "a");
        peers.put(THREE, "b");
        reconciler.check();
        assertThat(pushed).as("apart once: a change may be spreading").isEmpty();
        reconciler.check();
        assertThat(pushed).containsExactly(THREE);
        reconciler.check();
        assertThat(pushed).as("once per check while apart").containsExactly(THREE, THREE);

        peers.put(THREE, "a");
        reconciler.check();
        peers.put(THREE, "c");
        reconciler.check();
        assertThat(pushed).as("agreed in between: apart once again").containsExactly(THREE, THREE);

        ours = "c";
        peers.put(TWO, null);
        reconciler.check();
        reconciler.check();
        assertThat(pushed).as("agreeing now, and a peer without a version is skipped")
                .containsExactly(THREE, THREE);
    }
}
