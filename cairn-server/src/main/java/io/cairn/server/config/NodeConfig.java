package io.cairn.server.config;

import io.cairn.storage.CommitLogSync;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a node process is configured with, as read from its YAML file
 * ({@code conf/cairn.yaml} documents each setting and its default).
 *
 * @param clusterName                    nodes of different clusters refuse each other
 * @param dataDirectory                  where the storage engine keeps its files
 * @param logDirectory                   where the node writes {@code cairn.log}
 * @param listenAddress                  internode address
 * @param storagePort                    internode port (7000)
 * @param nativeAddress                  the CQL native protocol address clients connect to
 * @param nativePort                     the CQL native protocol port (9042)
 * @param seeds                          addresses of the nodes a new node contacts first
 * @param numTokens                      virtual nodes per node
 * @param dataCenter                     this node's data center ({@code datacenter1})
 * @param rack                           this node's rack ({@code rack1})
 * @param commitLogSync                  {@code periodic} or {@code batch}
 * @param commitLogSyncPeriodMillis      fsync period in periodic mode
 * @param maxNativeFrameBytes            largest request frame accepted (256 MiB)
 * @param maxInFlightRequestsPerConnection requests one connection may have executing
 * @param maxInFlightRequestsPerNode     requests all connections together may have executing
 */
public record NodeConfig(String clusterName, Path dataDirectory, Path logDirectory, String listenAddress,
                         int storagePort, String nativeAddress, int nativePort, List<String> seeds,
                         int numTokens, String dataCenter, String rack, CommitLogSync commitLogSync,
                         long commitLogSyncPeriodMillis, int maxNativeFrameBytes,
                         int maxInFlightRequestsPerConnection, int maxInFlightRequestsPerNode) {

    public NodeConfig {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(logDirectory, "logDirectory");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(nativeAddress, "nativeAddress");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(dataCenter, "dataCenter");
        Objects.requireNonNull(rack, "rack");
        Objects.requireNonNull(commitLogSync, "commitLogSync");
    }
}
