package io.cairn.tools;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class CairnCommandTest {

    @Test
    void helpSucceedsAndUnknownOptionsAreUsageErrors() {
        assertThat(Cairn.run("--help")).isZero();
        assertThat(Cairn.run("start", "--help")).isZero();
        assertThat(Cairn.run("shell", "--no-such-option")).isEqualTo(2);
        assertThat(Cairn.run("no-such-command")).isEqualTo(2);
        assertThat(Cairn.run("cluster", "--help")).isZero();
        assertThat(Cairn.run("cluster")).isEqualTo(2);
    }

    @Test
    void clusterStatusOfAnEmptyDirectorySaysThereIsNone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThat(Cairn.run("cluster", "status", "--dir", dir.resolve("none").toString())).isZero();
        assertThat(Cairn.run("cluster", "bogus", "--dir", dir.toString())).isEqualTo(2);
        assertThat(Cairn.run("cluster", "start", "-n", "0", "--dir", dir.toString())).isEqualTo(1);
    }

    @Test
    void theStartLineNamesTheSettingsThatDifferFromTheDefaultsAndHidesSecrets() {
        java.nio.file.Path home = java.nio.file.Path.of("home");
        io.cairn.server.config.NodeConfig defaults = io.cairn.server.config.ConfigLoader.defaults(home);
        io.cairn.server.config.NodeConfig changed = defaults.withServerEncryption(
                new io.cairn.server.config.ServerEncryption(false, null, null, null, null, "JKS",
                        "a-secret-of-the-cluster-1234"));
        String line = StartCommand.startLine(changed, "conf/cairn.yaml", defaults);
        assertThat(line).contains("with conf/cairn.yaml", "native 127.0.0.1:9042", "internode_secret=<hidden>")
                .doesNotContain("a-secret-of-the-cluster-1234", "num_tokens=");
        assertThat(StartCommand.startLine(defaults, "default settings", defaults))
                .endsWith("settings not at their defaults: none");
    }

    @Test
    void shellTargetsDefaultToThePort9042() {
        assertThat(ShellCommand.address("10.0.0.5")).isEqualTo(new InetSocketAddress("10.0.0.5", 9042));
        assertThat(ShellCommand.address("127.0.0.2:19042")).isEqualTo(new InetSocketAddress("127.0.0.2", 19042));
    }

    @Test
    void simRunsAndReplaysSeedsAndExitsNonZeroWhenACheckerFails() {
        assertThat(Cairn.run("sim", "run", "--seeds", "2", "--minutes", "1", "--threads", "1")).isZero();
        assertThat(Cairn.run("sim", "replay", "3", "--minutes", "1", "--nodes", "3")).isZero();
        assertThat(Cairn.run("sim", "replay", "1", "--minutes", "3", "--plant", "QUORUM_AFTER_ONE")).isEqualTo(1);
        assertThat(Cairn.run("sim", "replay", "1", "--nodes", "2")).as("fewer nodes than replicas").isEqualTo(2);
        assertThat(Cairn.run("sim", "run", "--plant", "NO_SUCH_BUG")).isEqualTo(2);
    }
}
