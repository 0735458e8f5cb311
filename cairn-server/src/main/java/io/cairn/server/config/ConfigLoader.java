package io.cairn.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cairn.storage.CommitLogSync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a node's YAML configuration ({@code conf/cairn.yaml} documents every setting).
 * Every key is optional; unknown keys and bad values are refused with a message naming the
 * key and the file, so a typo never silently falls back to a default.
 */
public final class ConfigLoader {

    /** The largest configuration file read, as a bound on what a bad path can make us load. */
    public static final long MAX_CONFIG_BYTES = 1 << 20;

    private static final Set<String> KEYS = Set.of("cluster_name", "data_directory", "log_directory",
            "listen_address", "storage_port", "native_transport_address", "native_transport_port", "seeds",
            "num_tokens", "data_center", "rack", "commitlog_sync", "commitlog_sync_period",
            "native_transport_max_frame_size", "native_transport_max_requests_per_connection",
            "native_transport_max_concurrent_requests", "hinted_handoff_enabled", "write_request_timeout",
            "read_request_timeout", "admin_port", "replace_address", "auto_snapshot", "auto_repair_enabled",
            "repair_throughput_mib_per_sec", "hinted_handoff_throttle_in_kb", "max_hint_window_in_ms",
            "authenticator", "authorizer", "authentication_required_beyond_loopback", "native_transport_max_concurrent_connections",
            "native_transport_max_concurrent_connections_per_ip", "native_transport_idle_timeout",
            "client_encryption_options", "server_encryption_options", "native_transport_max_request_data_in_flight",
            "native_transport_max_request_data_in_flight_per_connection", "internode_secret", "metrics_enabled",
            "slow_query_log_timeout", "storage_statistics");
    private static final Set<String> SERVER_ENCRYPTION_KEYS = Set.of("internode_encryption", "keystore",
            "keystore_password", "truststore", "truststore_password", "store_type", "require_client_auth");
    private static final Set<String> ENCRYPTION_KEYS = Set.of("enabled", "optional", "keystore", "keystore_password",
            "store_type", "truststore", "truststore_password", "require_client_auth");

    private ConfigLoader() {
    }

    /** The defaults, with directories under {@code home}. */
    public static NodeConfig defaults(Path home) {
        return new NodeConfig("Test Cluster", home.resolve("data"), home.resolve("logs"), "127.0.0.1", 7000,
                "127.0.0.1", 9042, List.of("127.0.0.1"), 16, "datacenter1", "rack1", CommitLogSync.PERIODIC, 10_000,
                16 * 1024 * 1024, 1024, 16_384, true, NodeConfig.DEFAULT_WRITE_TIMEOUT_MILLIS,
                NodeConfig.DEFAULT_READ_TIMEOUT_MILLIS, NodeConfig.DEFAULT_ADMIN_PORT);
    }

    /**
     * Reads {@code file}; relative directories resolve against {@code home}.
     *
     * @throws IllegalArgumentException naming the file and key of a bad setting
     */
    public static NodeConfig load(Path file, Path home) {
        String text;
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new IllegalArgumentException(file + ": larger than " + MAX_CONFIG_BYTES + " bytes");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString(), home);
    }

    static NodeConfig parse(String yaml, String source, Path home) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        NodeConfig d = defaults(home);
        if (root == null || root.isNull() || root.isMissingNode()) {
            return d;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping of settings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            String key = fields.next().getKey();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(source + ": unknown setting '" + key + "'");
            }
        }
        Settings s = new Settings(root, source);
        String sync = s.text("commitlog_sync", d.commitLogSync().name().toLowerCase(Locale.ROOT));
        CommitLogSync commitLogSync;
        try {
            commitLogSync = CommitLogSync.valueOf(sync.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": commitlog_sync must be 'periodic' or 'batch', got '"
                    + sync + "'", e);
        }
        return new NodeConfig(s.text("cluster_name", d.clusterName()),
                home.resolve(s.text("data_directory", "data")), home.resolve(s.text("log_directory", "logs")),
                s.text("listen_address", d.listenAddress()), s.port("storage_port", d.storagePort()),
                s.text("native_transport_address", d.nativeAddress()),
                s.port("native_transport_port", d.nativePort()), s.list("seeds", d.seeds()),
                s.positive("num_tokens", d.numTokens(), 1024), s.text("data_center", d.dataCenter()),
                s.text("rack", d.rack()), commitLogSync,
                s.positive("commitlog_sync_period", (int) d.commitLogSyncPeriodMillis(), 3_600_000),
                s.positive("native_transport_max_frame_size", d.maxNativeFrameBytes(), Integer.MAX_VALUE),
                s.positive("native_transport_max_requests_per_connection", d.maxInFlightRequestsPerConnection(),
                        1 << 20),
                s.positive("native_transport_max_concurrent_requests", d.maxInFlightRequestsPerNode(), 1 << 24),
                s.bool("hinted_handoff_enabled", d.hintedHandoff()),
                s.positive("write_request_timeout", (int) d.writeTimeoutMillis(), 600_000),
                s.positive("read_request_timeout", (int) d.readTimeoutMillis(), 600_000),
                s.port("admin_port", d.adminPort()), s.text("replace_address", null),
                s.bool("auto_snapshot", d.autoSnapshot()), s.bool("auto_repair_enabled", d.autoRepair()),
                s.atLeastZero("repair_throughput_mib_per_sec", d.repairThroughputMibPerSec(), 1 << 20),
                s.atLeastZero("hinted_handoff_throttle_in_kb", d.hintThrottleKib(), 1 << 30),
                s.atLeastZero("max_hint_window_in_ms", (int) d.maxHintWindowMillis(), Integer.MAX_VALUE),
                clientSecurity(s, d.clientSecurity(), home),
                new ConnectionLimits(s.positive("native_transport_max_concurrent_connections",
                        d.connectionLimits().maxConnections(), 1 << 20),
                        s.positive("native_transport_max_concurrent_connections_per_ip",
                                d.connectionLimits().maxConnectionsPerAddress(), 1 << 20),
                        s.atLeastZero("native_transport_idle_timeout", (int) d.connectionLimits().idleTimeoutMillis(),
                                Integer.MAX_VALUE),
                        s.atLeastZero("native_transport_max_request_data_in_flight",
                                (int) d.connectionLimits().maxRequestBytesInFlight(), Integer.MAX_VALUE),
                        s.positive("native_transport_max_request_data_in_flight_per_connection",
                                (int) d.connectionLimits().maxRequestBytesInFlightPerConnection(), Integer.MAX_VALUE)),
                serverEncryption(s, home), s.bool("metrics_enabled", d.metricsEnabled()),
                s.atLeastZero("slow_query_log_timeout", (int) d.slowQueryLogTimeoutMillis(), 600_000),
                s.bool("storage_statistics", d.storageStatistics()));
    }

    private static ClientSecurity clientSecurity(Settings s, ClientSecurity d, Path home) {
        String name = s.text("authenticator", d.authenticator().shortName);
        ClientSecurity.Authenticator authenticator = ClientSecurity.Authenticator.named(name);
        if (authenticator == null) {
            throw new IllegalArgumentException(s.source() + ": authenticator must be AllowAllAuthenticator or "
                    + "PasswordAuthenticator, got '" + name + "'");
        }
        String authorizerName = s.text("authorizer", ClientSecurity.Authorizer.defaultFor(authenticator).shortName);
        ClientSecurity.Authorizer authorizer = ClientSecurity.Authorizer.named(authorizerName);
        if (authorizer == null) {
            throw new IllegalArgumentException(s.source() + ": authorizer must be AllowAllAuthorizer or "
                    + "CassandraAuthorizer, got '" + authorizerName + "'");
        }
        try {
            return new ClientSecurity(authenticator, authorizer, s.bool("authentication_required_beyond_loopback",
                    d.authenticationRequiredBeyondLoopback()), clientEncryption(s, home));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(s.source() + ": " + e.getMessage(), e);
        }
    }

    /** {@code client_encryption_options}: Cassandra's keys, store paths relative to {@code home}. */
    private static ClientEncryption clientEncryption(Settings s, Path home) {
        Settings e = s.nested("client_encryption_options", ENCRYPTION_KEYS);
        if (e == null) {
            return ClientEncryption.DISABLED;
        }
        String keystore = e.text("keystore", null);
        String truststore = e.text("truststore", null);
        return new ClientEncryption(e.bool("enabled", false), e.bool("optional", false),
                keystore == null ? null : home.resolve(keystore), e.text("keystore_password", null),
                e.text("store_type", "JKS"), truststore == null ? null : home.resolve(truststore),
                e.text("truststore_password", null), e.bool("require_client_auth", false));
    }

    /** {@code server_encryption_options}: Cassandra's keys; internode_encryption none or all. */
    private static ServerEncryption serverEncryption(Settings s, Path home) {
        String secret = s.text("internode_secret", System.getenv(ServerEncryption.SECRET_VARIABLE));
        try {
            return serverTls(s, home).withSecret(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(s.source() + ": " + e.getMessage(), e);
        }
    }

    private static ServerEncryption serverTls(Settings s, Path home) {
        Settings e = s.nested("server_encryption_options", SERVER_ENCRYPTION_KEYS);
        if (e == null) {
            return ServerEncryption.NONE;
        }
        String mode = e.text("internode_encryption", "none").toLowerCase(Locale.ROOT);
        if (!mode.equals("none") && !mode.equals("all")) {
            throw new IllegalArgumentException(s.source() + ": server_encryption_options.internode_encryption must "
                    + "be none or all (Cairn encrypts every internode connection or none), got '" + mode + "'");
        }
        if (!e.bool("require_client_auth", true)) {
            throw new IllegalArgumentException(s.source() + ": server_encryption_options.require_client_auth cannot "
                    + "be false: a node must check that a peer holds a certificate of the cluster's CA");
        }
        String keystore = e.text("keystore", null);
        String truststore = e.text("truststore", null);
        try {
            return new ServerEncryption(mode.equals("all"), keystore == null ? null : home.resolve(keystore),
                    e.text("keystore_password", null), truststore == null ? null : home.resolve(truststore),
                    e.text("truststore_password", null), e.text("store_type", "JKS"), null);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(s.source() + ": " + invalid.getMessage(), invalid);
        }
    }

    private record Settings(JsonNode root, String source) {

        /** The mapping under {@code key}, whose keys must be among {@code known}; null when absent. */
        Settings nested(String key, Set<String> known) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException(source + ": " + key + " must be a mapping");
            }
            for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                String inner = keys.next();
                if (!known.contains(inner)) {
                    throw new IllegalArgumentException(source + ": unknown setting '" + key + "." + inner
                            + "' (Cairn takes " + new java.util.TreeSet<>(known) + ")");
                }
            }
            return new Settings(node, source + ": " + key);
        }

        String text(String key, String fallback) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isValueNode() || node.asText().isBlank()) {
                throw new IllegalArgumentException(source + ": " + key + " must be a non-empty string");
            }
            return node.asText();
        }

        int positive(String key, int fallback, int max) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1 || node.asInt() > max) {
                throw new IllegalArgumentException(source + ": " + key + " must be an integer from 1 to " + max
                        + ", got " + node);
            }
            return node.asInt();
        }

        int atLeastZero(String key, int fallback, int max) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0 || node.asInt() > max) {
                throw new IllegalArgumentException(source + ": " + key + " must be an integer from 0 to " + max
                        + ", got " + node);
            }
            return node.asInt();
        }

        boolean bool(String key, boolean fallback) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isBoolean()) {
                throw new IllegalArgumentException(source + ": " + key + " must be true or false, got " + node);
            }
            return node.asBoolean();
        }

        int port(String key, int fallback) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isIntegralNumber() || node.asInt() < 0 || node.asInt() > 65_535) {
                throw new IllegalArgumentException(source + ": " + key + " must be a port from 0 to 65535, got "
                        + node);
            }
            return node.asInt();
        }

        List<String> list(String key, List<String> fallback) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            List<String> values = new ArrayList<>();
            if (node.isTextual()) {
                for (String part : node.asText().split(",")) {
                    if (!part.isBlank()) {
                        values.add(part.trim());
                    }
                }
            } else if (node.isArray()) {
                for (JsonNode element : node) {
                    values.add(element.asText());
                }
            } else {
                throw new IllegalArgumentException(source + ": " + key + " must be a list of addresses");
            }
            return values;
        }
    }
}
