package io.cairn.node.metadata;

import io.cairn.node.schema.Schema;

import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The log's first entry: the cluster's name, its first node (joined, with its tokens, and the
 * only metadata replica) and the schema it starts with (empty for a new cluster; the existing
 * schema when a cluster of an earlier version moves to the log).
 */
public record Initialize(String clusterName, NodeRecord first, SortedSet<Long> tokens, Schema schema)
        implements Transformation {

    public Initialize {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(schema, "schema");
        tokens = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(tokens));
    }

    @Override
    public Kind kind() {
        return Kind.INITIALIZE;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        if (!previous.epoch().equals(Epoch.EMPTY)) {
            return new Rejected(Rejection.ALREADY_EXISTS, "The cluster is initialized already, at " + previous.epoch());
        }
        if (tokens.isEmpty()) {
            return Transformation.invalid("The first node needs tokens");
        }
        NodeRecord joined = first.withState(NodeState.JOINED);
        return Transformation.applied(previous.next()
                .clusterName(clusterName)
                .schema(schema)
                .directory(Directory.EMPTY.with(joined))
                .tokens(joined.id(), tokens)
                .addMetadataReplica(joined.id()));
    }
}
