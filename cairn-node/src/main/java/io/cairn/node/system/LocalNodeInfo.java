package io.cairn.node.system;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What {@code system.local} says about this node: identity, addresses and placement.
 *
 * @param clusterName       every node of a cluster reports the same name
 * @param dataCenter        Cassandra's default is {@code datacenter1}
 * @param rack              Cassandra's default is {@code rack1}
 * @param listenAddress     the internode address
 * @param storagePort       the internode port
 * @param nativeAddress     the address clients connect to
 * @param nativePort        the CQL port
 * @param numTokens         virtual nodes, chosen once and kept
 */
public record LocalNodeInfo(String clusterName, String dataCenter, String rack, InetAddress listenAddress,
                            int storagePort, InetAddress nativeAddress, int nativePort, int numTokens) {

    /** The Cassandra version Cairn reports, which steers drivers to their Cassandra 4+/5 code paths. */
    public static final String RELEASE_VERSION = "5.0.0";
    public static final String CQL_VERSION = "3.4.7";
    public static final String NATIVE_PROTOCOL_VERSION = "5";
    public static final String PARTITIONER = "org.apache.cassandra.dht.Murmur3Partitioner";

    public LocalNodeInfo {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(dataCenter, "dataCenter");
        Objects.requireNonNull(rack, "rack");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(nativeAddress, "nativeAddress");
        if (numTokens < 1) {
            throw new IllegalArgumentException("num_tokens must be at least 1, got " + numTokens);
        }
    }
}
