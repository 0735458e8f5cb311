package io.cairn.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The processes of a local cluster: node i lives in {@code <root>/node<i>} with its
 * {@code cairn.yaml}, {@code cairn.pid} and logs, listens on 127.0.0.i (storage 7000, CQL
 * 9042) and uses 127.0.0.1 as its seed.
 */
final class LocalCluster {

    private final Path root;
    private final io.cairn.common.time.Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    LocalCluster(Path root, io.cairn.common.time.Clock clock, PrintStream out, PrintStream err) {
        this.root = root;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    private Path nodeDirectory(int index) {
        return root.resolve("node" + index);
    }

    private List<Integer> existingNodes() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.map(p -> p.getFileName().toString()).filter(n -> n.matches("node\\d+"))
                    .map(n -> Integer.parseInt(n.substring(4))).sorted().toList();
        }
    }

    boolean start(int count, int dataCenters) throws IOException, InterruptedException {
        return start(count, dataCenters, List.of());
    }

    /** Starts {@code count} nodes; {@code settings} are extra lines of each new node's cairn.yaml. */
    boolean start(int count, int dataCenters, List<String> settings) throws IOException, InterruptedException {
        if (count < 1 || count > 32 || dataCenters < 1 || dataCenters > count) {
            err.println("Choose 1 to 32 nodes and 1 to (nodes) data centers");
            return false;
        }
        for (int i = 1; i <= count; i++) {
            writeConfig(i, dataCenter(i, dataCenters), settings);
        }
        boolean ok = true;
        for (int i = 1; i <= count; i++) {
            ok &= startNode(i);
        }
        if (ok) {
            out.println("Cluster of " + count + " nodes is up. Connect with: cairn shell 127.0.0.1 "
                    + "(any of 127.0.0.1 ... 127.0.0." + count + ", port 9042, data center "
                    + (dataCenters == 1 ? "datacenter1" : "dc1") + ")");
        }
        return ok;
    }

    private static String dataCenter(int index, int dataCenters) {
        return dataCenters == 1 ? "datacenter1" : "dc" + ((index - 1) % dataCenters + 1);
    }

    /**
     * Starts node {@code index}; a node the cluster does not have yet is added (it joins and
     * receives its data), in the data center that round-robin over {@code dataCenters} gives it.
     */
    boolean startOrAddNode(int index, int dataCenters) throws IOException, InterruptedException {
        if (index < 1 || index > 254 || !Files.exists(nodeDirectory(1).resolve("cairn.yaml"))) {
            err.println("No local cluster in " + root + " to start or add node " + index + " in; start one first");
            return false;
        }
        writeConfig(index, dataCenter(index, dataCenters), List.of());
        return startNode(index);
    }

    /** Writes node {@code index}'s cairn.yaml unless it exists; {@code settings} are extra lines. */
    void writeConfig(int index, String dataCenter, List<String> settings) throws IOException {
        Path directory = nodeDirectory(index);
        Files.createDirectories(directory);
        Path config = directory.resolve("cairn.yaml");
        if (Files.exists(config)) {
            return;
        }
        String host = "127.0.0." + index;
        List<String> lines = new java.util.ArrayList<>(List.of(
                "# Node " + index + " of a local cluster (written by cairn cluster start).",
                "cluster_name: local",
                "listen_address: " + host,
                "native_transport_address: " + host,
                "seeds: 127.0.0.1",
                "data_center: " + dataCenter,
                "data_directory: " + directory.resolve("data"),
                "log_directory: " + directory.resolve("logs"),
                "# The nodes prove to each other that they hold this cluster's secret at each connection.",
                "internode_secret: " + clusterSecret()));
        lines.addAll(settings);
        lines.add("");
        Files.writeString(config, String.join("\n", lines), StandardCharsets.UTF_8);
        ownerOnly(config);
    }

    /** The cluster's internode secret: made at its first node, kept beside the nodes for those added later. */
    private String clusterSecret() throws IOException {
        Path file = root.resolve("internode-secret");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        String secret = java.util.HexFormat.of().formatHex(bytes);
        Files.createDirectories(root);
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        ownerOnly(file);
        return secret;
    }

    /** A file only its owner reads: it holds the cluster's secret. */
    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // The directory's own permissions protect it then.
        }
    }

    boolean startNode(int index) throws IOException, InterruptedException {
        return startNode(index, ClusterCommand.READY_TIMEOUT_MILLIS);
    }

    /** Starts node {@code index}, waiting at most {@code readyTimeoutMillis} for it to be ready. */
    private boolean startNode(int index, long readyTimeoutMillis) throws IOException, InterruptedException {
        Path directory = nodeDirectory(index);
        Path config = directory.resolve("cairn.yaml");
        if (!Files.exists(config)) {
            err.println("Node " + index + " does not exist in " + root + "; start a cluster first");
            return false;
        }
        Optional<ProcessHandle> running = process(index);
        if (running.isPresent()) {
            out.println("Node " + index + " is already running (pid " + running.get().pid() + ")");
            return true;
        }
        Path output = directory.resolve("console.log");
        Process process = new ProcessBuilder(ClusterCommand.javaCommand(config)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        Files.writeString(directory.resolve("cairn.pid"), Long.toString(process.pid()), StandardCharsets.UTF_8);
        long deadline = clock.nanoTime() + readyTimeoutMillis * 1_000_000L;
        while (clock.nanoTime() < deadline) {
            if (!process.isAlive()) {
                err.println("Node " + index + " stopped while starting; see " + output);
                return false;
            }
            if (Files.exists(output) && Files.readString(output, StandardCharsets.UTF_8).contains("Cairn is ready")) {
                out.println("Node " + index + " is up on 127.0.0." + index + ":9042 (pid " + process.pid() + ")");
                return true;
            }
            process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        err.println("Node " + index + " did not become ready within " + readyTimeoutMillis / 1000 + " s; see "
                + output);
        return false;
    }

    /** The running process of node {@code index}, if its recorded PID is alive and is ours. */
    private Optional<ProcessHandle> process(int index) throws IOException {
        Path pidFile = nodeDirectory(index).resolve("cairn.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        long pid = Long.parseLong(ClusterCommand.read(pidFile));
        java.time.Instant written = Files.getLastModifiedTime(pidFile).toInstant();
        // The PID is ours only if that process started just before its PID file was written
        // (a PID reused by another process later would have started after it).
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().startInstant()
                        .map(started -> !started.isAfter(written.plusSeconds(2))
                                && started.isAfter(written.minusSeconds(120)))
                        .orElse(true));
    }

    boolean stop(Optional<Integer> only, boolean kill) throws IOException, InterruptedException {
        List<Integer> targets = only.map(List::of).orElse(existingNodes());
        for (int index : targets) {
            Optional<ProcessHandle> running = process(index);
            if (running.isEmpty()) {
                out.println("Node " + index + " is not running");
                continue;
            }
            ProcessHandle handle = running.get();
            if (kill) {
                handle.destroyForcibly();
            } else {
                handle.destroy();
            }
            try {
                handle.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                err.println("Node " + index + " did not stop within 60 s (pid " + handle.pid() + ")");
                continue;
            }
            out.println("Node " + index + (kill ? " killed" : " stopped"));
        }
        return true;
    }

    /**
     * Decommissions node {@code index} through its admin endpoint (its ranges go to the others),
     * then stops it and keeps its directory aside as {@code node<i>-decommissioned}: the cluster
     * no longer has that node, and starting node {@code index} again adds a new one.
     */
    boolean decommission(int index) throws IOException, InterruptedException {
        if (process(index).isEmpty()) {
            err.println("Node " + index + " is not running: start it first, or remove it from another node with "
                    + "cairn admin removenode HOSTID");
            return false;
        }
        int code = AdminEndpoint.run("127.0.0." + index + ":" + io.cairn.server.config.NodeConfig.DEFAULT_ADMIN_PORT,
                "decommission", null, false);
        if (code != 0) {
            return false;
        }
        stop(Optional.of(index), false);
        Path aside = root.resolve("node" + index + "-decommissioned");
        if (Files.exists(aside)) {
            aside = root.resolve("node" + index + "-decommissioned-" + clock.currentTimeMillis());
        }
        Files.move(nodeDirectory(index), aside);
        out.println("Node " + index + " has left the cluster; its directory is kept as " + aside.getFileName());
        return true;
    }

    /**
     * Replaces node {@code index} as an operator replaces a failed machine: the node is killed
     * (SIGKILL) if it runs, its directory is set aside as {@code node<i>-replaced} (its disk is
     * gone), and a new node starts on its address with {@code replace_address} naming it. The
     * new node takes the dead node's tokens and receives their data from the other replicas.
     */
    boolean replace(int index) throws IOException, InterruptedException {
        Path config = nodeDirectory(index).resolve("cairn.yaml");
        if (!Files.exists(config)) {
            err.println("Node " + index + " does not exist in " + root + "; nothing to replace");
            return false;
        }
        if (index == 1) {
            err.println("Node 1 is the local cluster's seed: its replacement would have no other node to learn the "
                    + "cluster from. Replace another node");
            return false;
        }
        if (process(index).isPresent()) {
            stop(Optional.of(index), true);
        }
        String dataCenter = Files.readAllLines(config, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("data_center: ")).map(line -> line.substring(13).trim())
                .findFirst().orElse("datacenter1");
        Path aside = root.resolve("node" + index + "-replaced");
        if (Files.exists(aside)) {
            aside = root.resolve("node" + index + "-replaced-" + clock.currentTimeMillis());
        }
        Files.move(nodeDirectory(index), aside);
        out.println("Node " + index + " is dead and its disk is gone (kept as " + aside.getFileName() + "); starting "
                + "its replacement on 127.0.0." + index);
        writeConfig(index, dataCenter, List.of("replace_address: 127.0.0." + index));
        return startNode(index, ClusterCommand.REPLACE_TIMEOUT_MILLIS);
    }

    void status() throws IOException {
        List<Integer> nodes = existingNodes();
        if (nodes.isEmpty()) {
            out.println("No local cluster in " + root);
            return;
        }
        for (int index : nodes) {
            Optional<ProcessHandle> running = process(index);
            out.println("node" + index + "  127.0.0." + index + ":9042  "
                    + running.map(h -> "UP (pid " + h.pid() + ")").orElse("DOWN"));
        }
    }

    boolean clear() throws IOException, InterruptedException {
        stop(Optional.empty(), false);
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(path);
                }
            }
        }
        out.println("Cleared " + root);
        return true;
    }
}
