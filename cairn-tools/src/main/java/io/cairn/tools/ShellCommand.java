package io.cairn.tools;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverException;
import io.cairn.tools.shell.Shell;
import io.cairn.tools.shell.ShellConsole;
import io.cairn.tools.shell.ShellSession;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code cairn shell}: the interactive CQL shell, a DataStax Java driver client. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = "Open a CQL shell connected to a Cairn (or any CQL) node.")
final class ShellCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST[:PORT]", description = "Default: 127.0.0.1:9042.")
    String target = "127.0.0.1:9042";

    @Option(names = {"-e", "--execute"}, paramLabel = "STATEMENTS", description = "Run these statements and exit.")
    String execute;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Run the statements of a file and exit.")
    Path file;

    @Option(names = {"-k", "--keyspace"}, paramLabel = "KEYSPACE", description = "Keyspace to use.")
    String keyspace;

    @Option(names = "--consistency", paramLabel = "LEVEL", description = "Consistency level (default ONE).")
    String consistency;

    @Option(names = "--datacenter", paramLabel = "DC", description = "The node's data center (default datacenter1).")
    String dataCenter = "datacenter1";

    @Option(names = "--request-timeout", paramLabel = "SECONDS",
            description = "How long a request may take before the shell gives up on it (default 10, as cqlsh).")
    int requestTimeoutSeconds = (int) ShellSession.DEFAULT_REQUEST_TIMEOUT.toSeconds();

    @Override
    public Integer call() throws IOException {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.ERROR);
            context.getLogger("com.datastax.oss.driver").setLevel(Level.ERROR);
        }
        InetSocketAddress address = address(target);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        if (requestTimeoutSeconds <= 0) {
            err.println("The request timeout must be a positive number of seconds, not " + requestTimeoutSeconds);
            return 2;
        }
        CqlSessionBuilder builder = ShellSession.builder(address, dataCenter,
                java.time.Duration.ofSeconds(requestTimeoutSeconds));
        if (keyspace != null) {
            builder.withKeyspace(keyspace);
        }
        try (CqlSession session = builder.build()) {
            boolean interactive = execute == null && file == null;
            ShellConsole console = interactive ? new ShellConsole() : null;
            Shell shell = new Shell(session, out, err, interactive ? console::askForMore : null);
            if (consistency != null) {
                try {
                    shell.setConsistency(DefaultConsistencyLevel.valueOf(consistency.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    err.println("Unknown consistency level " + consistency);
                    return 2;
                }
            }
            if (execute != null) {
                return shell.runScript(List.of(execute)) ? 0 : 2;
            }
            if (file != null) {
                return shell.runScript(Files.readAllLines(file)) ? 0 : 2;
            }
            out.println("Connected to " + session.getMetadata().getClusterName().orElse("Cairn") + " at "
                    + address.getHostString() + ":" + address.getPort() + ".");
            out.println("Use HELP for help, EXIT to quit.");
            console.run(shell, session);
            return 0;
        } catch (DriverException e) {
            err.println("Connection error: " + e.getMessage());
            return 1;
        }
    }

    static InetSocketAddress address(String target) {
        int colon = target.lastIndexOf(':');
        if (colon > 0 && target.indexOf(':') == colon) {
            return new InetSocketAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
        }
        return new InetSocketAddress(target, 9042);
    }
}
