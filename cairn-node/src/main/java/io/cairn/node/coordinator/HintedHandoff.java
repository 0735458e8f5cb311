package io.cairn.node.coordinator;

import io.cairn.common.time.TimeUuids;
import io.cairn.node.hints.HintReplayer;
import io.cairn.node.hints.HintStore;
import io.cairn.node.hints.HintWindow;

/**
 * What the coordinator does with a write a replica missed (it was down, or did not answer in
 * time): nothing, or keep a hint of it that is delivered once the replica is back.
 */
public sealed interface HintedHandoff {

    /** Missed writes are not kept; the replica catches up only through read repair. */
    HintedHandoff DISABLED = new Disabled();

    /** No hints. */
    record Disabled() implements HintedHandoff {
    }

    /**
     * Hints: the store, the replayer that delivers them, the ids they get, and the window past
     * which a replica down gets no more. With {@code storing} false (hinted handoff switched off
     * in the configuration), missed writes are not kept, but hints stored earlier are still
     * delivered.
     */
    record Enabled(HintStore store, HintReplayer replayer, TimeUuids ids, boolean storing, HintWindow window)
            implements HintedHandoff {

        public Enabled {
            java.util.Objects.requireNonNull(store, "store");
            java.util.Objects.requireNonNull(replayer, "replayer");
            java.util.Objects.requireNonNull(ids, "ids");
            java.util.Objects.requireNonNull(window, "window");
        }
    }
}
