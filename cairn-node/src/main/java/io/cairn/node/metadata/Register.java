package io.cairn.node.metadata;

import java.util.Objects;

/** A new node makes itself known, before it joins or replaces a node. */
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
        if (directory.holderOf(node.address(), NodeState.REGISTERED).isPresent()) {
            return Transformation.invalid("Node " + directory.holderOf(node.address(), NodeState.REGISTERED).get().id()
                    + " is registering at " + node.address() + " already");
        }
        return Transformation.applied(previous.next().directory(directory.with(node)));
    }
}
