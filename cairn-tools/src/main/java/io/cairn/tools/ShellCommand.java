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

    @Option(names = {"-u", "--username"}, paramLabel = "USERNAME", description = "The role to log in as (as cqlsh).")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", description = "Its password; asked for when "
            + "--username is given without it.")
    String password;

    @Option(names = "--credentials", paramLabel = "FILE", description = "A cqlsh credentials file: username and "
            + "password under [PlainTextAuthProvider].")
    Path credentials;

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
        Login login;
        try {
            login = Login.of(username, password, credentials);
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (login != null) {
            builder.withAuthCredentials(login.username(), login.password());
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

    /** A role's name and password, from the options or a cqlsh credentials file. */
    record Login(String username, String password) {

        @Override
        public String toString() {
            return "Login{" + username + "}";
        }

        /** Null when no login is asked for; the password asked for on the console when only a name is given. */
        static Login of(String username, String password, Path credentials) throws IOException {
            String name = username;
            String secret = password;
            if (credentials != null) {
                java.util.Map<String, String> file = credentialsFile(Files.readAllLines(credentials));
                name = name != null ? name : file.get("username");
                secret = secret != null ? secret : file.get("password");
            }
            if (name == null) {
                if (secret != null) {
                    throw new IllegalArgumentException("A password needs a username (-u)");
                }
                return null;
            }
            if (secret == null) {
                java.io.Console console = System.console();
                if (console == null) {
                    throw new IllegalArgumentException("No password for " + name + ": give -p, or run the shell on a "
                            + "terminal to be asked for it");
                }
                char[] typed = console.readPassword("Password: ");
                secret = typed == null ? "" : new String(typed);
            }
            return new Login(name, secret);
        }

        /** The username and password of a cqlsh credentials file's [PlainTextAuthProvider] section. */
        static java.util.Map<String, String> credentialsFile(List<String> lines) {
            java.util.Map<String, String> values = new java.util.HashMap<>();
            boolean inSection = false;
            for (String raw : lines) {
                String line = raw.strip();
                if (line.startsWith("[")) {
                    inSection = line.equals("[PlainTextAuthProvider]");
                } else if (inSection && !line.startsWith("#") && !line.startsWith(";")) {
                    int equals = line.indexOf('=');
                    if (equals > 0) {
                        values.put(line.substring(0, equals).strip().toLowerCase(Locale.ROOT),
                                line.substring(equals + 1).strip());
                    }
                }
            }
            return values;
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
