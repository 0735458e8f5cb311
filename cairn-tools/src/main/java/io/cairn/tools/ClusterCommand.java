package io.cairn.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code cairn cluster}: a local cluster of node processes on 127.0.0.1 … 127.0.0.N, all with
 * the same ports (as drivers expect), each with its own directory, config, log and PID file
 * under the cluster directory. Stops only the processes it started, by their recorded PIDs.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run a local cluster of N nodes on 127.0.0.1 ... 127.0.0.N.")
final class ClusterCommand implements Callable<Integer> {

    /** How long to wait for a node to be ready. */
    static final long READY_TIMEOUT_MILLIS = 60_000;

    /** How long to wait for a replacement, which receives a dead node's data before it is ready. */
    static final long REPLACE_TIMEOUT_MILLIS = 30 * 60_000;

    @Parameters(index = "0", paramLabel = "ACTION", description = "start, stop, status, decommission (--node N), "
            + "replace (--node N: kill it, set its data aside, and start a replacement on its address) or clear.")
    String action;

    @Option(names = {"-n", "--nodes"}, description = "Number of nodes for a new cluster (default 3).")
    int nodes = 3;

    @Option(names = "--dcs", description = "Number of data centers (nodes are spread round-robin; default 1).")
    int dataCenters = 1;

    @Option(names = "--node", description = "Only this node (1-based), for start and stop; starting a node the "
            + "cluster does not have adds it.")
    Integer node;

    @Option(names = "--kill", description = "stop with SIGKILL instead of SIGTERM.")
    boolean kill;

    @Option(names = "--dir", description = "Cluster directory (default $CAIRN_HOME/cluster).")
    Path directory;

    @Option(names = "--set", paramLabel = "'KEY: VALUE'", description = "With start of a new cluster: an extra line "
            + "of each node's cairn.yaml, e.g. --set 'hinted_handoff_enabled: false' (repeatable).")
    java.util.List<String> settings = new java.util.ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path root = directory != null ? directory : Homes.home().resolve("cluster");
        LocalCluster cluster = new LocalCluster(root, new io.cairn.common.time.SystemClock(), System.out, System.err);
        switch (action.toLowerCase(Locale.ROOT)) {
            case "start":
                if (node != null) {
                    return cluster.startOrAddNode(node, dataCenters) ? 0 : 1;
                }
                for (String setting : settings) {
                    if (!setting.matches("[a-z_]+: ?\\S.*")) {
                        System.err.println("--set takes a line of cairn.yaml, 'KEY: VALUE', not '" + setting + "'");
                        return 2;
                    }
                }
                return cluster.start(nodes, dataCenters, settings) ? 0 : 1;
            case "stop":
                return cluster.stop(Optional.ofNullable(node), kill) ? 0 : 1;
            case "status":
                cluster.status();
                return 0;
            case "decommission":
                if (node == null) {
                    System.err.println("decommission needs --node N");
                    return 2;
                }
                return cluster.decommission(node) ? 0 : 1;
            case "replace":
                if (node == null) {
                    System.err.println("replace needs --node N");
                    return 2;
                }
                return cluster.replace(node) ? 0 : 1;
            case "clear":
                return cluster.clear() ? 0 : 1;
            default:
                System.err.println("Unknown action '" + action + "': use start, stop, status, decommission, replace "
                        + "or clear");
                return 2;
        }
    }

    /** The environment variable whose JVM flags the node processes get (e.g. {@code -Xmx1g}). */
    static final String NODE_JAVA_OPTS = "CAIRN_NODE_JAVA_OPTS";

    static List<String> javaCommand(Path config) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // JVM flags for the node processes (e.g. a heap size), from the environment.
        String options = System.getenv(NODE_JAVA_OPTS);
        if (options != null) {
            for (String option : options.trim().split("\\s+")) {
                if (!option.isEmpty()) {
                    command.add(option);
                }
            }
        }
        String home = System.getProperty("cairn.home");
        if (home != null) {
            command.add("-Dcairn.home=" + home);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Cairn.class.getName());
        command.add("start");
        command.add("--config");
        command.add(config.toString());
        return command;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
}
