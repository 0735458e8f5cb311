package io.cairn.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cairn} command. */
@Command(name = "cairn", mixinStandardHelpOptions = true, versionProvider = Cairn.Version.class,
        description = "Cairn, a distributed database that speaks CQL.",
        subcommands = {StartCommand.class, ShellCommand.class, ClusterCommand.class, AdminCommand.class,
                io.cairn.tools.bench.BenchCommand.class, io.cairn.sim.SimCommand.class,
                CommandLine.HelpCommand.class})
public final class Cairn implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        if (args.length > 0 && args[0].equals("sim")
                && org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            // Simulated nodes log as real ones do; the simulator reports through its own trace.
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.ERROR);
        }
        return new CommandLine(new Cairn()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cairn.class.getPackage().getImplementationVersion();
            return new String[] {"cairn " + (version == null ? "development build" : version)};
        }
    }
}
