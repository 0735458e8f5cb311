package io.cairn.server.config;

import io.cairn.storage.CommitLogSync;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private final Path home = Path.of("/opt/cairn");

    @Test
    void theDocumentedDefaultFileGivesTheDefaults() throws Exception {
        Path file = Path.of("..", "conf", "cairn.yaml");
        assertThat(Files.exists(file)).isTrue();
        assertThat(ConfigLoader.load(file, home)).isEqualTo(ConfigLoader.defaults(home));
        NodeConfig defaults = ConfigLoader.defaults(home);
        assertThat(defaults.nativePort()).isEqualTo(9042);
        assertThat(defaults.dataCenter()).isEqualTo("datacenter1");
        assertThat(defaults.rack()).isEqualTo("rack1");
        assertThat(defaults.maxNativeFrameBytes()).as("Cassandra's native_transport_max_frame_size")
                .isEqualTo(16 * 1024 * 1024);
        assertThat(defaults.connectionLimits()).isEqualTo(ConnectionLimits.DEFAULT);
        assertThat(defaults.adminPort()).isEqualTo(9180);
        assertThat(defaults.replaceAddress()).as("a node joins as its own by default").isNull();
        assertThat(defaults.autoSnapshot()).as("as Cassandra: a snapshot before DROP and TRUNCATE").isTrue();
        assertThat(defaults.autoRepair()).as("repair needs no operator").isTrue();
        assertThat(defaults.repairThroughputMibPerSec()).isEqualTo(64);
        assertThat(defaults.hintThrottleKib()).as("Cassandra's hinted_handoff_throttle").isEqualTo(1024);
        assertThat(defaults.maxHintWindowMillis()).as("Cassandra's max_hint_window: 3 h").isEqualTo(10_800_000L);
        assertThat(defaults.metricsEnabled()).isTrue();
        assertThat(defaults.settings()).containsEntry("metrics_enabled", "true").containsEntry("num_tokens", "16")
                .containsEntry("internode_secret", "");
    }

    @Test
    void settingsOverrideDefaultsAndDirectoriesResolveAgainstHome() {
        NodeConfig config = ConfigLoader.parse("""
                cluster_name: shop
                native_transport_port: 19042
                data_directory: /var/lib/cairn
                log_directory: logs2
                seeds: 127.0.0.1, 127.0.0.2
                commitlog_sync: batch
                hinted_handoff_enabled: false
                write_request_timeout: 500
                admin_port: 19180
                replace_address: 10.0.0.7
                auto_snapshot: false
                auto_repair_enabled: false
                repair_throughput_mib_per_sec: 0
                hinted_handoff_throttle_in_kb: 4096
                max_hint_window_in_ms: 600000
                native_transport_max_concurrent_connections: 100
                native_transport_max_concurrent_connections_per_ip: 10
                native_transport_idle_timeout: 0
                metrics_enabled: false
                """, "test.yaml", home);
        assertThat(config.metricsEnabled()).isFalse();
        assertThat(config.settings()).containsEntry("metrics_enabled", "false").containsEntry("cluster_name", "shop");
        assertThat(config.connectionLimits()).isEqualTo(new ConnectionLimits(100, 10, 0));
        assertThat(config.autoSnapshot()).isFalse();
        assertThat(config.autoRepair()).isFalse();
        assertThat(config.repairThroughputMibPerSec()).as("no limit").isZero();
        assertThat(config.hintThrottleKib()).isEqualTo(4096);
        assertThat(config.maxHintWindowMillis()).isEqualTo(600_000L);
        assertThat(config.adminPort()).isEqualTo(19180);
        assertThat(config.replaceAddress()).isEqualTo("10.0.0.7");
        assertThat(config.clusterName()).isEqualTo("shop");
        assertThat(config.nativePort()).isEqualTo(19042);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("/var/lib/cairn"));
        assertThat(config.logDirectory()).isEqualTo(home.resolve("logs2"));
        assertThat(config.seeds()).isEqualTo(List.of("127.0.0.1", "127.0.0.2"));
        assertThat(config.commitLogSync()).isEqualTo(CommitLogSync.BATCH);
        assertThat(config.hintedHandoff()).isFalse();
        assertThat(config.writeTimeoutMillis()).isEqualTo(500);
        assertThat(config.readTimeoutMillis()).isEqualTo(NodeConfig.DEFAULT_READ_TIMEOUT_MILLIS);
    }

    @Test
    void badSettingsNameTheKeyAndTheFile() {
        assertThatThrownBy(() -> ConfigLoader.parse("nativ_transport_port: 1", "a.yaml", home))
                .hasMessage("a.yaml: unknown setting 'nativ_transport_port'");
        assertThatThrownBy(() -> ConfigLoader.parse("native_transport_port: 70000", "a.yaml", home))
                .hasMessage("a.yaml: native_transport_port must be a port from 0 to 65535, got 70000");
        assertThatThrownBy(() -> ConfigLoader.parse("replace_address: ''", "a.yaml", home))
                .hasMessage("a.yaml: replace_address must be a non-empty string");
        assertThatThrownBy(() -> ConfigLoader.parse("admin_port: -1", "a.yaml", home))
                .hasMessage("a.yaml: admin_port must be a port from 0 to 65535, got -1");
        assertThatThrownBy(() -> ConfigLoader.parse("commitlog_sync: sometimes", "a.yaml", home))
                .hasMessage("a.yaml: commitlog_sync must be 'periodic' or 'batch', got 'sometimes'");
        assertThatThrownBy(() -> ConfigLoader.parse("num_tokens: 0", "a.yaml", home))
                .hasMessageContaining("num_tokens must be an integer from 1 to 1024");
        assertThatThrownBy(() -> ConfigLoader.parse("hinted_handoff_enabled: maybe", "a.yaml", home))
                .hasMessage("a.yaml: hinted_handoff_enabled must be true or false, got \"maybe\"");
        assertThatThrownBy(() -> ConfigLoader.parse("read_request_timeout: 0", "a.yaml", home))
                .hasMessageContaining("read_request_timeout must be an integer from 1 to 600000");
        assertThatThrownBy(() -> ConfigLoader.parse("repair_throughput_mib_per_sec: -1", "a.yaml", home))
                .hasMessage("a.yaml: repair_throughput_mib_per_sec must be an integer from 0 to 1048576, got -1");
        assertThatThrownBy(() -> ConfigLoader.parse("- a list", "a.yaml", home))
                .hasMessage("a.yaml: expected a mapping of settings");
        assertThatThrownBy(() -> ConfigLoader.parse("key: [unclosed", "a.yaml", home))
                .hasMessageStartingWith("a.yaml: not valid YAML");
    }
}
