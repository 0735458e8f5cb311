package io.cairn.node.metadata;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;

import java.util.Arrays;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Builders of cluster metadata for tests: nodes, tokens, and applying entries that must apply. */
final class MetadataFixtures {

    static final String CLUSTER = "Test Cluster";
    static final String KEYSPACE = "ks";

    private MetadataFixtures() {
    }

    static NodeId id(int i) {
        return new NodeId(new UUID(0, i));
    }

    static NodeAddress address(int i) {
        return new NodeAddress("127.0.0." + i, 7000);
    }

    /** A registered node {@code i} at its own address. */
    static NodeRecord node(int i) {
        return node(i, address(i));
    }

    static NodeRecord node(int i, NodeAddress at) {
        return new NodeRecord(id(i), at, new NodeAddress(at.host(), 9042), "datacenter1", "rack1",
                NodeState.REGISTERED, "test");
    }

    static SortedSet<Long> tokens(long... values) {
        return new TreeSet<>(Arrays.stream(values).boxed().toList());
    }

    /** A schema of one SimpleStrategy keyspace with {@code replicationFactor}. */
    static Schema schema(int replicationFactor) {
        return Schema.of(Map.of(KEYSPACE, new KeyspaceMetadata(KEYSPACE, true,
                Map.of("class", "org.apache.cassandra.locator.SimpleStrategy",
                        "replication_factor", Integer.toString(replicationFactor)), Map.of(), Map.of())));
    }

    /** {@code entry} applied to {@code previous}, which it must be. */
    static ClusterMetadata apply(ClusterMetadata previous, Transformation entry) {
        Transformation.Result result = entry.apply(previous);
        assertThat(result).as("%s applied at %s", entry, previous).isInstanceOf(Transformation.Applied.class);
        ClusterMetadata next = ((Transformation.Applied) result).next();
        assertThat(next.epoch()).isEqualTo(previous.epoch().next());
        return next;
    }

    /** Why {@code entry} is refused at {@code previous}, which it must be. */
    static Transformation.Rejected refusal(ClusterMetadata previous, Transformation entry) {
        Transformation.Result result = entry.apply(previous);
        assertThat(result).as("%s refused at %s", entry, previous).isInstanceOf(Transformation.Rejected.class);
        return (Transformation.Rejected) result;
    }

    /**
     * A cluster of nodes 1..{@code nodes}, node i owning token {@code i * 1000}, each joined
     * through the full sequence of steps; metadata replica: node 1.
     */
    static ClusterMetadata cluster(int nodes, int replicationFactor) {
        ClusterMetadata metadata = apply(ClusterMetadata.empty(CLUSTER, schema(replicationFactor)),
                new Initialize(CLUSTER, node(1), tokens(1000), schema(replicationFactor)));
        for (int i = 2; i <= nodes; i++) {
            metadata = apply(metadata, new Register(node(i)));
            metadata = apply(metadata, new PrepareJoin(id(i), tokens(i * 1000L)));
            for (AdvanceMovement.To to : AdvanceMovement.To.values()) {
                metadata = apply(metadata, new AdvanceMovement(id(i), to));
            }
        }
        return metadata;
    }
}
