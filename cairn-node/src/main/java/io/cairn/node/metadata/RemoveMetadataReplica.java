package io.cairn.node.metadata;

import java.util.Objects;

/** A node stops being a metadata replica (before it leaves, or to shrink the set). */
public record RemoveMetadataReplica(NodeId node) implements Transformation {

    public RemoveMetadataReplica {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public Kind kind() {
        return Kind.REMOVE_METADATA_REPLICA;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        if (!previous.metadataReplicas().contains(node)) {
            return Transformation.invalid("Node " + node + " is not a metadata replica");
        }
        if (previous.metadataReplicas().size() == 1) {
            return Transformation.invalid("Node " + node + " is the last metadata replica: add another first");
        }
        return Transformation.applied(previous.next().removeMetadataReplica(node));
    }
}
