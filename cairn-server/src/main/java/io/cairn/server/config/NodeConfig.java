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
 * @param maxNativeFrameBytes            largest request frame accepted (16 MiB)
 * @param maxInFlightRequestsPerConnection requests one connection may have executing
 * @param maxInFlightRequestsPerNode     requests all connections together may have executing
 * @param hintedHandoff                  whether writes a replica missed are kept for it as hints
 * @param writeTimeoutMillis             how long a coordinator waits for write acknowledgements
 * @param readTimeoutMillis              how long a coordinator waits for read answers
 * @param adminPort                      the admin endpoint's port on the listen address (0: any free port)
 * @param replaceAddress                 on a new node's first start, the listen address of the dead node it
 *                                       replaces (its tokens, and their data from the other replicas); null to
 *                                       join as a node of its own. Ignored once the node has its data
 * @param autoSnapshot                   whether the node snapshots its storage before a DROP or a TRUNCATE deletes
 *                                       a table's data (Cassandra's {@code auto_snapshot}, on by default)
 * @param autoRepair                     whether the node repairs the ranges it is the primary replica of without an
 *                                       operator, within half of each table's gc grace; tombstones then wait for a
 *                                       repair before they are purged (on by default)
 * @param repairThroughputMibPerSec      the most MiB a second a node's repairs stream; 0 for no limit (64)
 * @param hintThrottleKib                how fast the hints for one replica are delivered, in KiB a second, all nodes together;
 *                                       0 for no limit (Cassandra's {@code hinted_handoff_throttle}, 1024)
 * @param maxHintWindowMillis            how long a replica may be down and still get hints (Cassandra's
 *                                       {@code max_hint_window}, 3 h)
 * @param clientSecurity                 how clients log in, and whether a node beyond loopback must authenticate them
 * @param connectionLimits               how many client connections the node keeps, and for how long an idle one
 * @param serverEncryption               TLS between nodes ({@code server_encryption_options})
 * @param metricsEnabled                 whether the node measures its requests and tables
 *                                       ({@code metrics_enabled}, on by default; off, {@code /metrics}
 *                                       serves the JVM, the pools, connections and messages only)
 * @param slowQueryLogTimeoutMillis      statements slower than this are logged ({@code slow_query_log_timeout}, as
 *                                       Cassandra's: 500 ms); 0 logs none
 * @param storageStatistics              whether RocksDB keeps its statistics (block cache hits and misses, write
 *                                       stall time, compaction bytes), which cost every read and write a little
 *                                       ({@code storage_statistics}, off by default)
 */
public record NodeConfig(String clusterName, Path dataDirectory, Path logDirectory, String listenAddress,
                         int storagePort, String nativeAddress, int nativePort, List<String> seeds,
                         int numTokens, String dataCenter, String rack, CommitLogSync commitLogSync,
                         long commitLogSyncPeriodMillis, int maxNativeFrameBytes,
                         int maxInFlightRequestsPerConnection, int maxInFlightRequestsPerNode,
                         boolean hintedHandoff, long writeTimeoutMillis, long readTimeoutMillis, int adminPort,
                         String replaceAddress, boolean autoSnapshot, boolean autoRepair,
                         int repairThroughputMibPerSec, int hintThrottleKib, long maxHintWindowMillis,
                         ClientSecurity clientSecurity, ConnectionLimits connectionLimits,
                         ServerEncryption serverEncryption, boolean metricsEnabled, long slowQueryLogTimeoutMillis,
                         boolean storageStatistics) {

    /** Where the admin endpoint listens by default, as in Cairn's documentation. */
    public static final int DEFAULT_ADMIN_PORT = 9180;

    /** Cassandra's defaults: hinted handoff on, write_request_timeout 2 s, read_request_timeout 5 s. */
    public static final long DEFAULT_WRITE_TIMEOUT_MILLIS = 2_000;
    public static final long DEFAULT_READ_TIMEOUT_MILLIS = 5_000;

    /** What a node's repairs stream a second at most by default, in MiB. */
    public static final int DEFAULT_REPAIR_THROUGHPUT_MIB_PER_SEC = 64;

    /** How fast hints are delivered by default, in KiB a second (Cassandra's {@code hinted_handoff_throttle}). */
    public static final int DEFAULT_HINT_THROTTLE_KIB = 1024;

    /** Cassandra's {@code slow_query_log_timeout}: statements slower than half a second are logged. */
    public static final long DEFAULT_SLOW_QUERY_LOG_TIMEOUT_MILLIS = 500;

    /** Cassandra's {@code max_hint_window}: three hours. */
    public static final long DEFAULT_MAX_HINT_WINDOW_MILLIS = 3 * 3_600_000L;

    /** A configuration of a node that joins as a node of its own. */
    public NodeConfig(String clusterName, Path dataDirectory, Path logDirectory, String listenAddress,
                      int storagePort, String nativeAddress, int nativePort, List<String> seeds,
                      int numTokens, String dataCenter, String rack, CommitLogSync commitLogSync,
                      long commitLogSyncPeriodMillis, int maxNativeFrameBytes,
                      int maxInFlightRequestsPerConnection, int maxInFlightRequestsPerNode, boolean hintedHandoff,
                      long writeTimeoutMillis, long readTimeoutMillis, int adminPort) {
        this(clusterName, dataDirectory, logDirectory, listenAddress, storagePort, nativeAddress, nativePort, seeds,
                numTokens, dataCenter, rack, commitLogSync, commitLogSyncPeriodMillis, maxNativeFrameBytes,
                maxInFlightRequestsPerConnection, maxInFlightRequestsPerNode, hintedHandoff, writeTimeoutMillis,
                readTimeoutMillis, adminPort, null, true, true, DEFAULT_REPAIR_THROUGHPUT_MIB_PER_SEC,
                DEFAULT_HINT_THROTTLE_KIB, DEFAULT_MAX_HINT_WINDOW_MILLIS, ClientSecurity.DEFAULT,
                ConnectionLimits.DEFAULT, ServerEncryption.NONE, true, DEFAULT_SLOW_QUERY_LOG_TIMEOUT_MILLIS,
                false);
    }

    /** A configuration with the default coordinator settings. */
    public NodeConfig(String clusterName, Path dataDirectory, Path logDirectory, String listenAddress,
                      int storagePort, String nativeAddress, int nativePort, List<String> seeds,
                      int numTokens, String dataCenter, String rack, CommitLogSync commitLogSync,
                      long commitLogSyncPeriodMillis, int maxNativeFrameBytes,
                      int maxInFlightRequestsPerConnection, int maxInFlightRequestsPerNode) {
        this(clusterName, dataDirectory, logDirectory, listenAddress, storagePort, nativeAddress, nativePort, seeds,
                numTokens, dataCenter, rack, commitLogSync, commitLogSyncPeriodMillis, maxNativeFrameBytes,
                maxInFlightRequestsPerConnection, maxInFlightRequestsPerNode, true, DEFAULT_WRITE_TIMEOUT_MILLIS,
                DEFAULT_READ_TIMEOUT_MILLIS);
    }

    /** A configuration whose admin endpoint takes any free port (tests run many nodes on one address). */
    public NodeConfig(String clusterName, Path dataDirectory, Path logDirectory, String listenAddress,
                      int storagePort, String nativeAddress, int nativePort, List<String> seeds,
                      int numTokens, String dataCenter, String rack, CommitLogSync commitLogSync,
                      long commitLogSyncPeriodMillis, int maxNativeFrameBytes,
                      int maxInFlightRequestsPerConnection, int maxInFlightRequestsPerNode, boolean hintedHandoff,
                      long writeTimeoutMillis, long readTimeoutMillis) {
        this(clusterName, dataDirectory, logDirectory, listenAddress, storagePort, nativeAddress, nativePort, seeds,
                numTokens, dataCenter, rack, commitLogSync, commitLogSyncPeriodMillis, maxNativeFrameBytes,
                maxInFlightRequestsPerConnection, maxInFlightRequestsPerNode, hintedHandoff, writeTimeoutMillis,
                readTimeoutMillis, 0);
    }

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
        Objects.requireNonNull(clientSecurity, "clientSecurity");
        Objects.requireNonNull(connectionLimits, "connectionLimits");
        Objects.requireNonNull(serverEncryption, "serverEncryption");
        if (slowQueryLogTimeoutMillis < 0) {
            throw new IllegalArgumentException("slow_query_log_timeout must be 0 or more milliseconds, got "
                    + slowQueryLogTimeoutMillis);
        }
        if (adminPort < 0 || adminPort > 65_535) {
            throw new IllegalArgumentException("admin_port must be a port from 0 to 65535, got " + adminPort);
        }
        if (hintThrottleKib < 0) {
            throw new IllegalArgumentException("hinted_handoff_throttle_in_kb must not be negative, got "
                    + hintThrottleKib);
        }
        if (repairThroughputMibPerSec < 0) {
            throw new IllegalArgumentException("repair_throughput_mib_per_sec must not be negative, got "
                    + repairThroughputMibPerSec);
        }
        if (replaceAddress != null && replaceAddress.isBlank()) {
            throw new IllegalArgumentException("replace_address must name an address, got a blank one");
        }
    }

    /** What {@link #settings} shows in place of a password or secret that is set. */
    public static final String HIDDEN = "<hidden>";

    /**
     * Every setting by its name in {@code cairn.yaml} (Cassandra's where Cassandra has it), in
     * that file's order, its value as text (durations in milliseconds, as the file takes them);
     * passwords and the internode secret show as {@value #HIDDEN} when set. What
     * {@code cairn admin settings} and {@code system_views.settings} show.
     */
    public java.util.LinkedHashMap<String, String> settings() {
        java.util.LinkedHashMap<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("cluster_name", clusterName);
        settings.put("data_directory", dataDirectory.toString());
        settings.put("log_directory", logDirectory.toString());
        settings.put("listen_address", listenAddress);
        settings.put("storage_port", Integer.toString(storagePort));
        settings.put("native_transport_address", nativeAddress);
        settings.put("native_transport_port", Integer.toString(nativePort));
        settings.put("seeds", String.join(",", seeds));
        settings.put("num_tokens", Integer.toString(numTokens));
        settings.put("data_center", dataCenter);
        settings.put("rack", rack);
        settings.put("commitlog_sync", commitLogSync.name().toLowerCase(java.util.Locale.ROOT));
        settings.put("commitlog_sync_period", Long.toString(commitLogSyncPeriodMillis));
        settings.put("native_transport_max_frame_size", Integer.toString(maxNativeFrameBytes));
        settings.put("native_transport_max_requests_per_connection", Integer.toString(maxInFlightRequestsPerConnection));
        settings.put("native_transport_max_concurrent_requests", Integer.toString(maxInFlightRequestsPerNode));
        settings.put("native_transport_max_concurrent_connections", Integer.toString(connectionLimits.maxConnections()));
        settings.put("native_transport_max_concurrent_connections_per_ip",
                Integer.toString(connectionLimits.maxConnectionsPerAddress()));
        settings.put("native_transport_idle_timeout", Long.toString(connectionLimits.idleTimeoutMillis()));
        settings.put("native_transport_max_request_data_in_flight",
                Long.toString(connectionLimits.maxRequestBytesInFlight()));
        settings.put("native_transport_max_request_data_in_flight_per_connection",
                Long.toString(connectionLimits.maxRequestBytesInFlightPerConnection()));
        settings.put("hinted_handoff_enabled", Boolean.toString(hintedHandoff));
        settings.put("hinted_handoff_throttle_in_kb", Integer.toString(hintThrottleKib));
        settings.put("max_hint_window_in_ms", Long.toString(maxHintWindowMillis));
        settings.put("write_request_timeout", Long.toString(writeTimeoutMillis));
        settings.put("read_request_timeout", Long.toString(readTimeoutMillis));
        settings.put("admin_port", Integer.toString(adminPort));
        settings.put("replace_address", replaceAddress == null ? "" : replaceAddress);
        settings.put("auto_snapshot", Boolean.toString(autoSnapshot));
        settings.put("auto_repair_enabled", Boolean.toString(autoRepair));
        settings.put("repair_throughput_mib_per_sec", Integer.toString(repairThroughputMibPerSec));
        settings.put("authenticator", clientSecurity.authenticator().shortName);
        settings.put("authorizer", clientSecurity.authorizer().shortName);
        settings.put("authentication_required_beyond_loopback",
                Boolean.toString(clientSecurity.authenticationRequiredBeyondLoopback()));
        ClientEncryption client = clientSecurity.encryption();
        settings.put("client_encryption_options.enabled", Boolean.toString(client.enabled()));
        settings.put("client_encryption_options.optional", Boolean.toString(client.optional()));
        settings.put("client_encryption_options.keystore", text(client.keystore()));
        settings.put("client_encryption_options.keystore_password", hidden(client.keystorePassword()));
        settings.put("client_encryption_options.truststore", text(client.truststore()));
        settings.put("client_encryption_options.truststore_password", hidden(client.truststorePassword()));
        settings.put("client_encryption_options.store_type", client.storeType());
        settings.put("client_encryption_options.require_client_auth", Boolean.toString(client.requireClientAuth()));
        settings.put("server_encryption_options.internode_encryption", serverEncryption.enabled() ? "all" : "none");
        settings.put("server_encryption_options.keystore", text(serverEncryption.keystore()));
        settings.put("server_encryption_options.keystore_password", hidden(serverEncryption.keystorePassword()));
        settings.put("server_encryption_options.truststore", text(serverEncryption.truststore()));
        settings.put("server_encryption_options.truststore_password", hidden(serverEncryption.truststorePassword()));
        settings.put("server_encryption_options.store_type", serverEncryption.storeType());
        settings.put("internode_secret", hidden(serverEncryption.secret()));
        settings.put("metrics_enabled", Boolean.toString(metricsEnabled));
        settings.put("slow_query_log_timeout", Long.toString(slowQueryLogTimeoutMillis));
        settings.put("storage_statistics", Boolean.toString(storageStatistics));
        return settings;
    }

    private static String text(Path path) {
        return path == null ? "" : path.toString();
    }

    private static String hidden(String secret) {
        return secret == null || secret.isEmpty() ? "" : HIDDEN;
    }

    /** This configuration, for a node that replaces the dead node at {@code address} on its first start. */
    public NodeConfig replacing(String address) {
        return copy(address, clientSecurity, connectionLimits, serverEncryption);
    }

    /** This configuration, with clients admitted as {@code security} says. */
    public NodeConfig withClientSecurity(ClientSecurity security) {
        return copy(replaceAddress, security, connectionLimits, serverEncryption);
    }

    /** This configuration, with these connection limits. */
    public NodeConfig withConnectionLimits(ConnectionLimits limits) {
        return copy(replaceAddress, clientSecurity, limits, serverEncryption);
    }

    /** This configuration, its requests and tables measured or not. */
    public NodeConfig withMetricsEnabled(boolean enabled) {
        return new NodeConfig(clusterName, dataDirectory, logDirectory, listenAddress, storagePort, nativeAddress,
                nativePort, seeds, numTokens, dataCenter, rack, commitLogSync, commitLogSyncPeriodMillis,
                maxNativeFrameBytes, maxInFlightRequestsPerConnection, maxInFlightRequestsPerNode, hintedHandoff,
                writeTimeoutMillis, readTimeoutMillis, adminPort, replaceAddress, autoSnapshot, autoRepair,
                repairThroughputMibPerSec, hintThrottleKib, maxHintWindowMillis, clientSecurity, connectionLimits,
                serverEncryption, enabled, slowQueryLogTimeoutMillis, storageStatistics);
    }

    /** This configuration, RocksDB keeping its statistics or not. */
    public NodeConfig withStorageStatistics(boolean kept) {
        return new NodeConfig(clusterName, dataDirectory, logDirectory, listenAddress, storagePort, nativeAddress,
                nativePort, seeds, numTokens, dataCenter, rack, commitLogSync, commitLogSyncPeriodMillis,
                maxNativeFrameBytes, maxInFlightRequestsPerConnection, maxInFlightRequestsPerNode, hintedHandoff,
                writeTimeoutMillis, readTimeoutMillis, adminPort, replaceAddress, autoSnapshot, autoRepair,
                repairThroughputMibPerSec, hintThrottleKib, maxHintWindowMillis, clientSecurity, connectionLimits,
                serverEncryption, metricsEnabled, slowQueryLogTimeoutMillis, kept);
    }

    /** This configuration, with TLS between nodes as {@code encryption} says. */
    public NodeConfig withServerEncryption(ServerEncryption encryption) {
        return copy(replaceAddress, clientSecurity, connectionLimits, encryption);
    }

    private NodeConfig copy(String replace, ClientSecurity security, ConnectionLimits limits,
                            ServerEncryption encryption) {
        return new NodeConfig(clusterName, dataDirectory, logDirectory, listenAddress, storagePort, nativeAddress,
                nativePort, seeds, numTokens, dataCenter, rack, commitLogSync, commitLogSyncPeriodMillis,
                maxNativeFrameBytes, maxInFlightRequestsPerConnection, maxInFlightRequestsPerNode, hintedHandoff,
                writeTimeoutMillis, readTimeoutMillis, adminPort, replace, autoSnapshot, autoRepair,
                repairThroughputMibPerSec, hintThrottleKib, maxHintWindowMillis, security, limits, encryption,
                metricsEnabled, slowQueryLogTimeoutMillis, storageStatistics);
    }
}
