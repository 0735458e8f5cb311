package io.cairn.node.metadata;

import java.util.Objects;

/**
 * A new node makes itself known, before it joins or replaces a node. A registered node that
 * never went further at the same address is forgotten: two processes cannot hold one address,
 * so that one is gone (a wiped node's attempt that was refused, then started again to replace
 * the node it was). One whose movement runs, or that is a metadata replica, is not.
 */
public record Register(NodeRecord node) implements Transformation {

    public Register {
        Objects.requireNonNull(node, "node");
        if (node.state() != NodeState.REGISTERED) {
            throw new IllegalArgumentException("A node registers as REGISTERED, not " + node.state());
        }
    }

    @Override
    public Kind kind() {
        return Kind.REGISTER;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        Directory directory = previous.directory();
        if (directory.contains(node.id())) {
            return new Rejected(Rejection.ALREADY_EXISTS, "Node " + node.id() + " is registered already, as "
                    + directory.get(node.id()).state());
        }
        var earlier = directory.holderOf(node.address(), NodeState.REGISTERED);
        if (earlier.isPresent()) {
            NodeId id = earlier.get().id();
            RangeMovement movement = previous.movement();
            if (movement != null && movement.node().equals(id) || previous.metadataReplicas().contains(id)) {
                return Transformation.invalid("Node " + id + " is registering at " + node.address() + " already"
                        + (movement != null && movement.node().equals(id) ? ", and its " + movement.kind()
                        + " is under way: cancel it first" : ""));
            }
            directory = directory.without(id);
        }
        return Transformation.applied(previous.next().directory(directory.with(node)));
    }
}
