package io.cairn.tools.shell;

import com.datastax.oss.driver.api.core.CqlSession;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The interactive side of the shell: a JLine prompt with history and completion. */
public final class ShellConsole {

    static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "AND", "INSERT", "INTO", "VALUES",
            "UPDATE", "SET", "DELETE", "CREATE", "ALTER", "DROP", "KEYSPACE", "KEYSPACES", "TABLE", "TABLES", "TYPE",
            "WITH", "REPLICATION", "PRIMARY", "KEY", "USE", "TRUNCATE", "BATCH", "BEGIN", "APPLY", "USING", "TTL",
            "TIMESTAMP", "LIMIT", "ORDER", "BY", "ASC", "DESC", "ALLOW", "FILTERING", "IF", "NOT", "EXISTS",
            "DESCRIBE", "CONSISTENCY", "TRACING", "SOURCE", "EXIT", "QUIT", "CLUSTERING", "STATIC", "DISTINCT", "COUNT", "IN",
            "TOKEN", "FROZEN", "LIST", "MAP", "TUPLE");

    private final Terminal terminal;
    private LineReader reader;

    public ShellConsole() {
        try {
            terminal = TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shell commands run from one line, with or without a semicolon, as in cqlsh. */
    static boolean isShellCommand(String line) {
        String upper = line.toUpperCase(java.util.Locale.ROOT);
        for (String command : List.of("CONSISTENCY", "TRACING", "DESCRIBE", "DESC", "SOURCE")) {
            if (upper.equals(command) || upper.startsWith(command + " ") || upper.equals(command + ";")) {
                return true;
            }
        }
        return false;
    }

    public boolean askForMore() {
        try {
            String answer = reader.readLine("---MORE--- (enter for more, q to stop) ");
            return !answer.trim().equalsIgnoreCase("q");
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        }
    }

    public void run(Shell shell, CqlSession session) {
        reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".cairn_history"))
                .completer((lineReader, line, candidates) -> {
                    for (String keyword : KEYWORDS) {
                        candidates.add(new Candidate(keyword));
                        candidates.add(new Candidate(keyword.toLowerCase(java.util.Locale.ROOT)));
                    }
                    for (String name : shell.schemaNames()) {
                        candidates.add(new Candidate(name));
                    }
                })
                .build();
        StatementSplitter splitter = new StatementSplitter();
        while (!shell.isExitRequested()) {
            String prompt = splitter.isPending() ? "   ... "
                    : "cairn" + session.getKeyspace().map(k -> ":" + k.asCql(true)).orElse("") + "> ";
            String line;
            try {
                line = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                splitter.reset();
                continue;
            } catch (EndOfFileException e) {
                return;
            }
            String trimmed = line.trim();
            if (!splitter.isPending() && (trimmed.equalsIgnoreCase("exit") || trimmed.equalsIgnoreCase("quit"))) {
                return;
            }
            if (!splitter.isPending() && trimmed.equalsIgnoreCase("help")) {
                terminal.writer().println("Statements end with ';'. Shell commands: DESCRIBE KEYSPACES | TABLES | "
                        + "KEYSPACE k | TABLE t; CONSISTENCY [level]; TRACING ON|OFF; SOURCE 'file'; EXIT.");
                continue;
            }
            if (!splitter.isPending() && isShellCommand(trimmed)) {
                shell.execute(trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
                continue;
            }
            try {
                for (String statement : splitter.feed(line)) {
                    shell.execute(statement);
                }
            } catch (IllegalArgumentException e) {
                terminal.writer().println(e.getMessage());
            }
        }
    }
}
