package io.cairn.node.coordinator;

import io.cairn.common.time.TimeUuids;
import io.cairn.node.batchlog.Batchlog;

/** How the coordinator applies a LOGGED batch: through the batchlog, or part after part without it. */
public sealed interface BatchlogSupport {

    /** No batchlog: a LOGGED batch is applied part after part, like an unlogged one. */
    BatchlogSupport DISABLED = new Disabled();

    /** No batchlog. */
    record Disabled() implements BatchlogSupport {
    }

    /** Batches are stored in {@code batchlog} (this node's, or other nodes' through it) under ids from {@code ids}. */
    record Enabled(Batchlog batchlog, TimeUuids ids) implements BatchlogSupport {

        public Enabled {
            java.util.Objects.requireNonNull(batchlog, "batchlog");
            java.util.Objects.requireNonNull(ids, "ids");
        }
    }
}
