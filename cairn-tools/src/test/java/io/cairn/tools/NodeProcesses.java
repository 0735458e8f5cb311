package io.cairn.tools;

import io.cairn.common.time.SystemClock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node processes of a process test on 127.0.0.x ({@link LocalCluster}), always stopped: by the
 * test's {@link #close} (SIGKILL, then their directories removed) or, should the JVM be stopped
 * first, by a shutdown hook. What the cluster commands print is kept and printed at the end.
 */
final class NodeProcesses implements AutoCloseable {

    private final Path directory;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private LocalCluster cluster;
    private Thread killOnExit;

    NodeProcesses(Path directory) {
        this.directory = directory;
    }

    /** Starts {@code nodes} nodes; fails the test, with what the commands printed, if they do not come up. */
    LocalCluster start(int nodes) throws Exception {
        PrintStream log = new PrintStream(output, true, StandardCharsets.UTF_8);
        cluster = new LocalCluster(directory.resolve("cluster"), new SystemClock(), log, log);
        LocalCluster started = cluster;
        killOnExit = new Thread(() -> {
            try {
                started.stop(Optional.empty(), true);
            } catch (Exception ignored) {
                // exiting anyway
            }
        });
        Runtime.getRuntime().addShutdownHook(killOnExit);
        assertThat(cluster.start(nodes, 1, List.of())).as(output()).isTrue();
        return cluster;
    }

    /**
     * A driver session's configuration for these nodes, to which a test adds its own: the
     * servers' timeouts answer first, and a restarted node is back in the pool soon.
     */
    static com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder driverConfig() {
        return com.datastax.oss.driver.api.core.config.DriverConfigLoader.programmaticBuilder()
                .withDuration(com.datastax.oss.driver.api.core.config.DefaultDriverOption.REQUEST_TIMEOUT,
                        java.time.Duration.ofSeconds(10))
                .withDuration(com.datastax.oss.driver.api.core.config.DefaultDriverOption.RECONNECTION_MAX_DELAY,
                        java.time.Duration.ofSeconds(1));
    }

    /** What the cluster commands printed so far. */
    String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** Kills every node, prints the last warnings and errors of each node's log, removes their files. */
    @Override
    public void close() throws Exception {
        try {
            if (cluster != null) {
                cluster.stop(Optional.empty(), true);
                printNodeWarnings();
                cluster.clear();
            }
        } finally {
            if (killOnExit != null) {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            }
            System.out.println(output());
        }
    }

    /** The last warnings and errors of each node's log, to tell what the nodes saw should a test fail. */
    private void printNodeWarnings() {
        Path root = directory.resolve("cluster");
        for (int index = 1; Files.isDirectory(root.resolve("node" + index)); index++) {
            Path node = root.resolve("node" + index);
            Path log = node.resolve("logs").resolve("cairn.log");
            if (!Files.exists(log)) {
                log = node.resolve("console.log");
            }
            try {
                if (!Files.exists(log)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                List<String> warnings = lines.stream()
                        .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
                System.out.println("node " + index + ": " + warnings.size() + " warnings and errors in the "
                        + lines.size() + " lines of its " + log.getFileName()
                        + (warnings.isEmpty() ? "" : ", the last ones:"));
                warnings.subList(Math.max(0, warnings.size() - 15), warnings.size())
                        .forEach(line -> System.out.println("  " + line));
            } catch (IOException | java.io.UncheckedIOException e) {
                System.out.println("node " + index + ": its log could not be read: " + e);
            }
        }
    }
}
