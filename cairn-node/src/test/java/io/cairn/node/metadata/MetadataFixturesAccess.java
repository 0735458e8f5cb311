package io.cairn.node.metadata;

/** Cluster histories from {@link MetadataFixtures} for tests of other packages. */
public final class MetadataFixturesAccess {

    private MetadataFixturesAccess() {
    }

    /** {@code nodes} nodes joined one by one (node i at 127.0.0.i, node 1 the metadata replica), RF 3. */
    public static ClusterMetadata cluster(int nodes) {
        return MetadataFixtures.cluster(nodes, 3);
    }
}
