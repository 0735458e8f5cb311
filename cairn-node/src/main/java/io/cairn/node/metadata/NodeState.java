package io.cairn.node.metadata;

/** Where a node is in its life in the cluster, as the metadata log records it. */
public enum NodeState {
    /** Known to the cluster, owning no tokens yet (it may be joining or replacing). */
    REGISTERED,
    /** Owns tokens: in the ring. */
    JOINED,
    /** Gone for good (decommissioned, removed or replaced); its id is never used again. */
    LEFT
}
