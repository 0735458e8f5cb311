package io.cairn.tools.shell;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs shell input against a CQL session: statements go to the server through the driver;
 * shell commands (DESCRIBE, USE feedback, CONSISTENCY, TRACING, SOURCE, EXIT) are handled here.
 * Output is written as cqlsh writes it. After a schema change the shell waits until every
 * node has it (see {@link SchemaAgreement}), so the next statement may use it on any node.
 */
public final class Shell {

    /** Rows shown per page before asking for more, in interactive use. */
    public static final int PAGE_ROWS = 100;
    /** SOURCE files may include others, to this depth. */
    public static final int MAX_SOURCE_DEPTH = 8;

    private static final Pattern DESCRIBE = Pattern.compile("(?is)(?:DESCRIBE|DESC)\\s+(.*)");
    private static final Pattern CONSISTENCY = Pattern.compile("(?is)CONSISTENCY(?:\\s+(\\w+))?");
    private static final Pattern SOURCE = Pattern.compile("(?is)SOURCE\\s+'(.*)'");
    private static final Pattern TRACING = Pattern.compile("(?is)TRACING(?:\\s+(\\w+))?");
    private static final Pattern SCHEMA_CHANGE = Pattern.compile("(?is)(?:CREATE|ALTER|DROP)\\s.*");
    private static final Set<DataType> NUMERIC = Set.of(DataTypes.INT, DataTypes.BIGINT, DataTypes.SMALLINT,
            DataTypes.TINYINT, DataTypes.VARINT, DataTypes.DECIMAL, DataTypes.FLOAT, DataTypes.DOUBLE,
            DataTypes.COUNTER);

    private final CqlSession session;
    private final PrintWriter out;
    private final PrintWriter err;
    private final BooleanSupplier morePrompt;
    private ConsistencyLevel consistency = DefaultConsistencyLevel.ONE;
    private boolean tracing;
    private boolean exitRequested;
    private int sourceDepth;

    /**
     * @param morePrompt asked after each full page of rows when interactive; false stops the
     *                   output. Null reads every page without asking.
     */
    public Shell(CqlSession session, PrintWriter out, PrintWriter err, BooleanSupplier morePrompt) {
        this.session = session;
        this.out = out;
        this.err = err;
        this.morePrompt = morePrompt;
    }

    public boolean isExitRequested() {
        return exitRequested;
    }

    public void setConsistency(ConsistencyLevel level) {
        this.consistency = level;
    }

    /** Executes one statement or shell command; returns false when it failed. */
    public boolean execute(String statement) {
        String trimmed = statement.trim();
        String upper = trimmed.toUpperCase(Locale.ROOT);
        try {
            if (upper.equals("EXIT") || upper.equals("QUIT")) {
                exitRequested = true;
                return true;
            }
            Matcher describe = DESCRIBE.matcher(trimmed);
            if (describe.matches()) {
                return describe(describe.group(1).trim());
            }
            Matcher consistencyCommand = CONSISTENCY.matcher(trimmed);
            if (consistencyCommand.matches()) {
                return consistency(consistencyCommand.group(1));
            }
            Matcher tracingCommand = TRACING.matcher(trimmed);
            if (tracingCommand.matches()) {
                return tracing(tracingCommand.group(1));
            }
            Matcher source = SOURCE.matcher(trimmed);
            if (source.matches()) {
                return source(Path.of(source.group(1)));
            }
            return query(trimmed);
        } catch (DriverException e) {
            err.println(errorMessage(e));
            err.flush();
            return false;
        }
    }

    static String errorMessage(DriverException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return kind + ": " + e.getMessage();
    }

    private boolean query(String cql) {
        ResultSet result = session.execute(SimpleStatement.newInstance(cql).setConsistencyLevel(consistency)
                .setPageSize(PAGE_ROWS).setTracing(tracing));
        ColumnDefinitions columns = result.getColumnDefinitions();
        if (columns.size() == 0) {
            if (SCHEMA_CHANGE.matcher(cql).matches() && !SchemaAgreement.await(session, SchemaAgreement.MAX_WAIT)) {
                err.println(SchemaAgreement.MISMATCH_WARNING);
                err.flush();
            }
            printTrace(result);
            out.flush();
            return true;
        }
        List<String> names = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        for (ColumnDefinition column : columns) {
            names.add(column.getName().asInternal());
            numeric.add(NUMERIC.contains(column.getType()));
        }
        List<List<String>> page = new ArrayList<>();
        int total = 0;
        boolean stopped = false;
        for (Row row : result) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                values.add(format(row, i, columns.get(i).getType()));
            }
            page.add(values);
            total++;
            if (page.size() == PAGE_ROWS && !result.isFullyFetched() && result.getAvailableWithoutFetching() == 0) {
                print(names, numeric, page);
                page.clear();
                if (morePrompt != null && !morePrompt.getAsBoolean()) {
                    stopped = true;
                    break;
                }
            }
        }
        if (!page.isEmpty() || total == 0) {
            print(names, numeric, page);
        }
        if (!stopped) {
            out.println();
            out.println("(" + total + " rows)");
        }
        printTrace(result);
        out.flush();
        return true;
    }

    /** cqlsh's display of a trace event's time: {@code 2024-01-02 03:04:05.678000}, in UTC. */
    private static final DateTimeFormatter TRACE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * When tracing is on, the statement's trace as cqlsh prints it: the session id, then a row for
     * the request, one for each event (its activity and thread, time, node and microseconds since
     * that node began), and one for the request's completion, from the session's duration.
     */
    private void printTrace(ResultSet result) {
        if (!tracing) {
            return;
        }
        com.datastax.oss.driver.api.core.cql.ExecutionInfo info = result.getExecutionInfo();
        if (info.getTracingId() == null) {
            out.println();
            out.println("Statement trace did not complete: the server sent no tracing session.");
            return;
        }
        com.datastax.oss.driver.api.core.cql.QueryTrace trace;
        try {
            trace = info.getQueryTrace();
        } catch (DriverException | IllegalStateException e) {
            out.println();
            out.println("Statement trace did not complete within the driver's wait (" + e.getMessage()
                    + "). Use TRACING OFF and query system_traces.events WHERE session_id = " + info.getTracingId()
                    + " later.");
            return;
        }
        String client = clientOf(trace.getTracingId());
        String coordinator = trace.getCoordinatorAddress().getAddress().getHostAddress();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(trace.getRequestType(), TRACE_TIME.format(Instant.ofEpochMilli(trace.getStartedAt())),
                coordinator, "0", client));
        for (com.datastax.oss.driver.api.core.cql.TraceEvent event : trace.getEvents()) {
            String activity = event.getActivity() == null ? "" : event.getActivity();
            rows.add(List.of(event.getThreadName() == null ? activity : activity + " [" + event.getThreadName() + "]",
                    TRACE_TIME.format(Instant.ofEpochMilli(event.getTimestamp())),
                    event.getSourceAddress() == null ? "" : event.getSourceAddress().getAddress().getHostAddress(),
                    Integer.toString(event.getSourceElapsedMicros()), client));
        }
        rows.add(List.of("Request complete", TRACE_TIME.format(Instant.ofEpochMilli(trace.getStartedAt())
                        .plusNanos(trace.getDurationMicros() * 1_000L)), coordinator,
                Integer.toString(trace.getDurationMicros()), client));
        out.println();
        out.println("Tracing session: " + trace.getTracingId());
        print(List.of("activity", "timestamp", "source", "source_elapsed", "client"),
                List.of(false, false, false, true, false), rows);
        out.println();
    }

    /** The client a session names (the driver's trace does not carry it), or empty when it is not known. */
    private String clientOf(java.util.UUID session) {
        try {
            Row row = this.session.execute(SimpleStatement.newInstance(
                    "SELECT client FROM system_traces.sessions WHERE session_id = ?", session)).one();
            java.net.InetAddress client = row == null ? null : row.getInetAddress(0);
            return client == null ? "" : client.getHostAddress();
        } catch (DriverException e) {
            return "";
        }
    }

    /** TRACING ON, OFF, or alone (which says which), with cqlsh's answers. */
    private boolean tracing(String setting) {
        if (setting == null) {
            out.println("TRACING is currently " + (tracing ? "ON" : "OFF"));
        } else if (setting.equalsIgnoreCase("ON") || setting.equalsIgnoreCase("OFF")) {
            tracing = setting.equalsIgnoreCase("ON");
            out.println("TRACING set to " + (tracing ? "ON" : "OFF"));
        } else {
            err.println("Improper TRACING command: use TRACING ON or TRACING OFF");
            err.flush();
            return false;
        }
        out.flush();
        return true;
    }

    private void print(List<String> names, List<Boolean> numeric, List<List<String>> rows) {
        out.println();
        for (String line : TableRenderer.render(names, numeric, rows)) {
            out.println(line);
        }
    }

    /** cqlsh's display of a timestamp: {@code 2024-01-02 03:04:05.678000+0000}. */
    private static final DateTimeFormatter TIMESTAMP_DISPLAY =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxx", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static String format(Row row, int index, DataType type) {
        if (row.isNull(index)) {
            return "null";
        }
        Object value = row.getObject(index);
        if (value instanceof Instant instant) {
            // The driver's codec formats through java.util's calendar, which turns Julian before
            // 1582; java.time is proleptic Gregorian, as Cassandra stores dates. UTC, as cqlsh shows.
            return TIMESTAMP_DISPLAY.format(instant);
        }
        String text = CodecRegistry.DEFAULT.codecFor(type).format(value);
        // Top-level strings, addresses and times print bare, as cqlsh prints them.
        boolean isQuotedScalar = !(type instanceof com.datastax.oss.driver.api.core.type.ContainerType)
                && !(type instanceof com.datastax.oss.driver.api.core.type.UserDefinedType)
                && !(type instanceof com.datastax.oss.driver.api.core.type.TupleType);
        if (isQuotedScalar && text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return text.substring(1, text.length() - 1).replace("''", "'");
        }
        return text;
    }

    private boolean consistency(String level) {
        if (level == null) {
            out.println("Current consistency level is " + consistency.name() + ".");
        } else {
            try {
                consistency = DefaultConsistencyLevel.valueOf(level.toUpperCase(Locale.ROOT));
                out.println("Consistency level set to " + consistency.name() + ".");
            } catch (IllegalArgumentException e) {
                err.println("Improper CONSISTENCY command: unknown level " + level);
                err.flush();
                return false;
            }
        }
        out.flush();
        return true;
    }

    private boolean source(Path file) {
        if (sourceDepth >= MAX_SOURCE_DEPTH) {
            err.println("SOURCE files nested more than " + MAX_SOURCE_DEPTH + " deep");
            err.flush();
            return false;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            err.println("Could not open '" + file + "': " + e.getMessage());
            err.flush();
            return false;
        }
        sourceDepth++;
        try {
            return runScript(lines);
        } finally {
            sourceDepth--;
        }
    }

    /** Runs every statement of a script; returns false if any failed. */
    public boolean runScript(List<String> lines) {
        StatementSplitter splitter = new StatementSplitter();
        boolean ok = true;
        for (String line : lines) {
            for (String statement : splitter.feed(line)) {
                ok &= execute(statement);
                if (exitRequested) {
                    return ok;
                }
            }
        }
        String rest = splitter.remainder();
        if (!rest.isEmpty()) {
            ok &= execute(rest);
        }
        return ok;
    }

    private boolean describe(String what) {
        String upper = what.toUpperCase(Locale.ROOT);
        if (upper.equals("KEYSPACES")) {
            // From system_schema, as cqlsh lists them: the driver's metadata leaves out system keyspaces.
            Set<String> names = new TreeSet<>();
            for (Row row : session.execute("SELECT keyspace_name FROM system_schema.keyspaces")) {
                names.add(CqlIdentifier.fromInternal(row.getString(0)).asCql(true));
            }
            out.println();
            out.println(String.join("  ", names));
            out.println();
        } else if (upper.equals("TABLES")) {
            java.util.Map<String, Set<String>> tables = new java.util.TreeMap<>();
            for (Row row : session.execute("SELECT keyspace_name, table_name FROM system_schema.tables")) {
                tables.computeIfAbsent(CqlIdentifier.fromInternal(row.getString(0)).asCql(true), k -> new TreeSet<>())
                        .add(CqlIdentifier.fromInternal(row.getString(1)).asCql(true));
            }
            out.println();
            for (java.util.Map.Entry<String, Set<String>> keyspace : tables.entrySet()) {
                out.println("Keyspace " + keyspace.getKey());
                out.println("-".repeat(9 + keyspace.getKey().length()));
                out.println(String.join("  ", keyspace.getValue()));
                out.println();
            }
        } else if (upper.startsWith("KEYSPACE")) {
            String name = what.substring("KEYSPACE".length()).trim();
            Optional<KeyspaceMetadata> keyspace = name.isEmpty() ? currentKeyspace()
                    : session.getMetadata().getKeyspace(name);
            if (keyspace.isEmpty()) {
                return fail("Keyspace '" + name + "' not found");
            }
            out.println();
            out.println(keyspace.get().describeWithChildren(true));
        } else if (upper.startsWith("TABLE")) {
            return describeTable(what.substring("TABLE".length()).trim());
        } else {
            Optional<KeyspaceMetadata> keyspace = session.getMetadata().getKeyspace(what);
            if (keyspace.isPresent()) {
                out.println();
                out.println(keyspace.get().describeWithChildren(true));
            } else {
                return describeTable(what);
            }
        }
        out.flush();
        return true;
    }

    private boolean describeTable(String name) {
        Optional<TableMetadata> table = Optional.empty();
        int dot = name.indexOf('.');
        if (dot > 0) {
            table = session.getMetadata().getKeyspace(name.substring(0, dot))
                    .flatMap(k -> k.getTable(name.substring(dot + 1)));
        } else {
            table = currentKeyspace().flatMap(k -> k.getTable(name));
        }
        if (table.isEmpty()) {
            return fail("Table '" + name + "' not found");
        }
        out.println();
        out.println(table.get().describe(true));
        out.flush();
        return true;
    }

    private boolean fail(String message) {
        err.println(message);
        err.flush();
        return false;
    }

    private Optional<KeyspaceMetadata> currentKeyspace() {
        return session.getKeyspace().flatMap(k -> session.getMetadata().getKeyspace(k));
    }

    /** Keyspace, table and column names, for completion. */
    public Set<String> schemaNames() {
        Set<String> names = new TreeSet<>();
        for (KeyspaceMetadata keyspace : session.getMetadata().getKeyspaces().values()) {
            names.add(keyspace.getName().asCql(true));
            for (TableMetadata table : keyspace.getTables().values()) {
                names.add(table.getName().asCql(true));
                table.getColumns().keySet().forEach(column -> names.add(column.asCql(true)));
            }
        }
        return names;
    }
}
