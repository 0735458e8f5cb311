package io.cairn.sim;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code cairn sim}: runs seeds of the deterministic simulator, or replays one with a trace. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "The deterministic simulator: a whole cluster in one JVM under seeded faults.",
        subcommands = {SimCommand.Run.class, SimCommand.Replay.class})
public final class SimCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("Use: cairn sim run [--seeds N] [--from S] [--lwt | --counters] ... | cairn sim replay SEED [--trace] "
                + "(see --help)");
        return 2;
    }

    /** Options a run and a replay share. */
    static final class Shape {
        @Option(names = "--minutes", description = "Simulated minutes of faulty workload per run (default 10).")
        double minutes = 10;

        @Option(names = "--nodes", description = "Nodes (3 to 9; default: 3 to 5, chosen by the seed).")
        Integer nodes;

        @Option(names = "--no-hints", description = "Disable hinted handoff.")
        boolean noHints;

        @Option(names = "--no-auto-repair", description = "No automatic repair: tombstones go on gc grace alone, "
                + "and only read repair and the final checks' repairs converge the replicas.")
        boolean noAutoRepair;

        @Option(names = "--periodic-sync", description = "Periodic commit-log sync: a crash loses the last 10 s "
                + "of a node's writes (acknowledged ones included, as in Cassandra).")
        boolean periodicSync;

        @Option(names = "--keys", description = "Registers the clients share (default 8).")
        Integer keys;

        @Option(names = "--clients", description = "Clients, each with one operation in flight (default 4).")
        Integer clients;

        @Option(names = "--joins", description = "The nemesis also adds up to two nodes, which join under faults, decommissions one node, and removes or replaces (on its address or another) one lost for good.")
        boolean joins;

        @Option(names = "--moves", description = "The nemesis also moves up to two nodes to other tokens, under faults.")
        boolean moves;

        @Option(names = "--lwt", description = "Lightweight transactions: clients run INSERT IF NOT EXISTS, "
                + "UPDATE IF, and SERIAL and QUORUM reads on few contended keys, checked for linearizability "
                + "(implies --periodic-sync; defaults: 3 keys, 3 clients).")
        boolean lwt;

        @Option(names = "--counters", description = "Counters: clients increment a few contended counters "
                + "(single statements and COUNTER batches, at ONE, QUORUM and ALL) and read them at QUORUM and ALL, "
                + "checked against the increments acknowledged and unknown (implies --periodic-sync; defaults: "
                + "3 keys, 4 clients).")
        boolean counters;

        @Option(names = "--plant", description = "Plant a bug: ${COMPLETION-CANDIDATES} (default NONE).")
        Plant plant = Plant.NONE;

        @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
        picocli.CommandLine.Model.CommandSpec spec;

        /** The run of {@code seed} with these options; a shape that cannot run is a usage error. */
        SimConfig config(long seed) {
            Duration duration = Duration.ofMillis((long) (minutes * 60_000));
            SimConfig standard = lwt ? SimConfig.lwt(seed, duration)
                    : counters ? SimConfig.counters(seed, duration) : SimConfig.standard(seed, duration);
            try {
                return new SimConfig(seed, nodes == null ? standard.nodes() : nodes, standard.duration(),
                        keys == null ? standard.keys() : keys, clients == null ? standard.clients() : clients,
                        !noHints, periodicSync || standard.periodicSync(), standard.faults(), plant, joins, lwt,
                        moves, !noAutoRepair, counters);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        /** These options as a command line ({@code ""} for the defaults), to replay a run exactly. */
        String flags() {
            StringBuilder flags = new StringBuilder();
            if (minutes != 10) {
                flags.append(" --minutes ").append(minutes);
            }
            if (nodes != null) {
                flags.append(" --nodes ").append(nodes);
            }
            if (noHints) {
                flags.append(" --no-hints");
            }
            if (noAutoRepair) {
                flags.append(" --no-auto-repair");
            }
            if (periodicSync) {
                flags.append(" --periodic-sync");
            }
            if (keys != null) {
                flags.append(" --keys ").append(keys);
            }
            if (clients != null) {
                flags.append(" --clients ").append(clients);
            }
            if (joins) {
                flags.append(" --joins");
            }
            if (lwt) {
                flags.append(" --lwt");
            }
            if (counters) {
                flags.append(" --counters");
            }
            if (moves) {
                flags.append(" --moves");
            }
            if (plant != Plant.NONE) {
                flags.append(" --plant ").append(plant);
            }
            return flags.toString();
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run many seeds; print each failing seed with its violations, and the totals.")
    static final class Run implements Callable<Integer> {

        @Option(names = "--seeds", description = "How many seeds (default 200).")
        int seeds = 200;

        @Option(names = "--from", description = "The first seed (default 1).")
        long from = 1;

        @Option(names = "--threads", description = "Runs at once (default: the processors).")
        int threads = Runtime.getRuntime().availableProcessors();

        @Option(names = {"-v", "--verbose"}, description = "Print every run's summary, not only failures.")
        boolean verbose;

        @picocli.CommandLine.Mixin
        Shape shape = new Shape();

        @Override
        public Integer call() {
            List<SimConfig> configs = new ArrayList<>();
            for (long seed = from; seed < from + seeds; seed++) {
                configs.add(shape.config(seed));
            }
            SeedRunner.Summary summary = SeedRunner.run(configs, threads, result -> {
                if (!result.passed()) {
                    System.out.print(result.report());
                    System.out.println("  replay: cairn sim replay " + result.config().seed() + shape.flags() + " --trace");
                } else if (verbose) {
                    System.out.println(result.summary());
                }
            });
            System.out.println(summary.describe());
            return summary.failures().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Run one seed again, exactly, optionally printing its events (faults and operations).")
    static final class Replay implements Callable<Integer> {

        @Parameters(paramLabel = "SEED", description = "The seed to replay.")
        long seed;

        @Option(names = "--trace", description = "Print each fault and each operation with its virtual time.")
        boolean trace;

        @Option(names = "--messages", description = "With --trace, print every message sent too (delays, losses, copies).")
        boolean messages;

        @picocli.CommandLine.Mixin
        Shape shape = new Shape();

        @Override
        public Integer call() {
            SimResult result = Simulation.run(shape.config(seed), trace ? System.out : null, messages);
            System.out.print(result.report());
            return result.passed() ? 0 : 1;
        }
    }
}
