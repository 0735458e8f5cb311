package io.cairn.node.query;

import io.cairn.node.batchlog.TableUpdates;

import io.cairn.node.schema.SchemaChange;

import io.cairn.common.concurrent.AsyncLoop;
import io.cairn.common.time.TimeUuids;

import io.cairn.common.time.Clock;
import io.cairn.cql.ast.AlterRoleStatement;
import io.cairn.cql.ast.AuthResource;
import io.cairn.cql.ast.BatchStatement;
import io.cairn.cql.ast.CreateRoleStatement;
import io.cairn.cql.ast.DropRoleStatement;
import io.cairn.cql.ast.GrantPermissionsStatement;
import io.cairn.cql.ast.GrantRoleStatement;
import io.cairn.cql.ast.ListPermissionsStatement;
import io.cairn.cql.ast.ListRolesStatement;
import io.cairn.cql.ast.CreateIndexStatement;
import io.cairn.cql.ast.DropIndexStatement;
import io.cairn.cql.ast.ModificationStatement;
import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.SelectStatement;
import io.cairn.cql.ast.Statement;
import io.cairn.cql.ast.TruncateStatement;
import io.cairn.cql.ast.UnsupportedStatement;
import io.cairn.cql.ast.DescribeStatement;
import io.cairn.cql.ast.UseStatement;
import io.cairn.cql.ast.UsingClause;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.UnpreparedException;
import io.cairn.cql.parser.ParsedStatement;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.query.PreparedStatementId;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.node.coordinator.LocalDataCoordinator;
import io.cairn.node.tracing.Trace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The in-process CQL API of a node: executes CQL text or prepared statements with bound
 * values, consistency, paging and timestamps, and returns rows, void, set-keyspace or
 * schema-change results. The protocol server calls it; tests call it directly.
 *
 * <p>Parsed statements are cached by query text, prepared ones by id (MD5 of keyspace and
 * query, as Cassandra computes it, so ids are the same on every node and after restarts);
 * both caches are bounded. Analysis is redone when the schema changed since it was cached.
 *
 * <p>Executing never waits for replicas: {@code execute} and {@code batch} return a stage that
 * completes when the reads and writes are answered, on the thread that delivered the last
 * answer (the caller's own when everything was local), or, with a {@code resumeOn} executor,
 * there once a replica answered later. They never throw: every error, from
 * parsing, analysis and binding as well as from reading and writing, fails the returned stage
 * with the exception itself (a CqlException for what the client did or what the cluster
 * could not do), never wrapped in a CompletionException. {@code prepare}, {@code prepared}
 * and {@code validate} are synchronous and throw.
 *
 * <p>Thread-safe.
 */
public final class QueryProcessor {

    /** Bounds on the caches: past them the least recently used entries are dropped. */
    public static final int MAX_PARSED_STATEMENTS = 10_000;
    public static final int MAX_PREPARED_STATEMENTS = 10_000;
    /** Statements in one BATCH, as a bound on the work one request can ask for. */
    public static final int MAX_BATCH_STATEMENTS = 65_535;

    private final DataCoordinator data;
    private final SchemaManager schema;
    private final SchemaChanger changer;
    private final RoleStatements roles;
    private final Authorizer authorizer;
    private final Clock clock;
    private final TimeUuids timeUuids;
    private final StatementParser parser;
    private final NativeFunctions functions = new NativeFunctions();
    private final java.util.concurrent.atomic.AtomicLong lastTimestampMicros = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, ParsedStatement> parsed = lru(MAX_PARSED_STATEMENTS);
    private final Map<String, PreparedStatement> prepared = lru(MAX_PREPARED_STATEMENTS);
    private final Map<String, Analyzed> analyzedPrepared = lru(MAX_PREPARED_STATEMENTS);

    /** A single node's processor over its own storage, in data center {@code datacenter1}. */
    public QueryProcessor(StorageEngine storage, SchemaManager schema, Clock clock, TimeUuids timeUuids,
                          StatementParser parser) {
        this(new LocalDataCoordinator(storage, schema, "datacenter1", clock), schema, clock, timeUuids, parser);
    }

    /** @param data where statements read and write: this node's storage, or the cluster's replicas */
    public QueryProcessor(DataCoordinator data, SchemaManager schema, Clock clock, TimeUuids timeUuids,
                          StatementParser parser) {
        this(data, schema, SchemaChanger.local(schema), RoleStatements.NONE, Authorizer.ALLOW_ALL, clock, timeUuids,
                parser);
    }

    /**
     * @param data    where statements read and write
     * @param changer where DDL statements go (the cluster metadata log, on a node of a cluster)
     */
    private QueryProcessor(DataCoordinator data, SchemaManager schema, SchemaChanger changer, RoleStatements roles,
                           Authorizer authorizer, Clock clock, TimeUuids timeUuids, StatementParser parser) {
        this.data = data;
        this.schema = schema;
        this.changer = changer;
        this.roles = roles;
        this.authorizer = authorizer;
        this.clock = clock;
        this.timeUuids = timeUuids;
        this.parser = parser;
    }

    /**
     * @param resumeOn where a statement continues when a replica answers after the call that
     *                 asked it returned (reading the next chunk from this node's storage,
     *                 computing the result), rather than on the messaging thread that delivered
     *                 the answer
     */
    public QueryProcessor(DataCoordinator data, SchemaManager schema, Clock clock, TimeUuids timeUuids,
                          StatementParser parser, java.util.concurrent.Executor resumeOn) {
        this(data, schema, SchemaChanger.local(schema), clock, timeUuids, parser, resumeOn);
    }

    /** As above, DDL statements going to {@code changer}. */
    public QueryProcessor(DataCoordinator data, SchemaManager schema, SchemaChanger changer, Clock clock,
                          TimeUuids timeUuids, StatementParser parser, java.util.concurrent.Executor resumeOn) {
        this(data, schema, changer, RoleStatements.NONE, Authorizer.ALLOW_ALL, clock, timeUuids, parser, resumeOn);
    }

    /**
     * As above, role and permission statements going to {@code roles}, and each statement
     * checked by {@code authorizer} before it runs.
     */
    public QueryProcessor(DataCoordinator data, SchemaManager schema, SchemaChanger changer, RoleStatements roles,
                          Authorizer authorizer, Clock clock, TimeUuids timeUuids, StatementParser parser,
                          java.util.concurrent.Executor resumeOn) {
        this(new ResumingDataCoordinator(data, resumeOn), schema, changer, roles, authorizer, clock, timeUuids,
                parser);
    }

    private static <V> Map<String, V> lru(int capacity) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        });
    }

    private ParsedStatement parse(String query) {
        ParsedStatement statement = parsed.get(query);
        if (statement == null) {
            statement = parser.parse(query);
            parsed.put(query, statement);
        }
        return statement;
    }

    private String keyspace(QueryOptions options, ClientSession session) {
        return options.keyspace() != null ? options.keyspace() : session.keyspace();
    }

    /** Executes a CQL string. */
    public CompletionStage<QueryResult> execute(String query, QueryOptions options, ClientSession session) {
        return execute(query, options, session, Trace.NONE);
    }

    /** Executes a CQL string, recording its steps in {@code trace}. */
    public CompletionStage<QueryResult> execute(String query, QueryOptions options, ClientSession session,
                                                Trace trace) {
        return failingTheStage(() -> {
            if (trace.isOn()) {
                trace.event("Parsing " + StatementText.redacted(query));
            }
            ParsedStatement statement = parse(query);
            String keyspace = keyspace(options, session);
            if (trace.isOn()) {
                trace.event("Preparing statement");
            }
            Analyzed analyzed = analyze(statement, keyspace);
            QueryOptions bound = options.withValues(analyzed.variables().bind(options, false));
            return run(statement.statement(), analyzed, bound, session, keyspace, data.traced(trace));
        });
    }

    /**
     * The stage of {@code execution}, failing with what it throws or with what failed its
     * stage, unwrapped: the one way errors reach callers.
     */
    private static CompletionStage<QueryResult> failingTheStage(Supplier<CompletionStage<QueryResult>> execution) {
        CompletionStage<QueryResult> result;
        try {
            result = execution.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<QueryResult> answer = new CompletableFuture<>();
        result.whenComplete((value, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(AsyncLoop.unwrap(failure));
            } else {
                answer.complete(value);
            }
        });
        return answer;
    }

    /**
     * Parses and analyzes a statement against the current schema without caching anything:
     * what a new statement costs before it executes. Throws what execution would throw for a
     * malformed or invalid statement.
     */
    public void validate(String query, String keyspace) {
        analyze(parser.parse(query), keyspace);
    }

    /** Prepares a statement: parses and analyzes it, and remembers it by its id. */
    public PreparedStatement prepare(String query, ClientSession session, String requestKeyspace) {
        String keyspace = requestKeyspace != null ? requestKeyspace : session.keyspace();
        ParsedStatement statement = parse(query);
        Analyzed analyzed = analyze(statement, keyspace);
        byte[] id = PreparedStatementId.compute(query, keyspace);
        PreparedStatement result = new PreparedStatement(id, query, keyspace, statement,
                analyzed.variables().receivers(),
                analyzed.partitionKeyIndexes(), analyzed.resultColumns(), metadataId(analyzed.resultColumns()));
        String key = HexFormat.of().formatHex(id);
        prepared.put(key, result);
        analyzedPrepared.put(key, analyzed);
        return result;
    }

    /** The prepared statement of this id, or UNPREPARED when this node does not know it. */
    public PreparedStatement prepared(byte[] id) {
        PreparedStatement statement = prepared.get(HexFormat.of().formatHex(id));
        if (statement == null) {
            throw new UnpreparedException(id);
        }
        return statement;
    }

    /** Executes a prepared statement; an id this node does not know fails the stage with UNPREPARED. */
    public CompletionStage<QueryResult> execute(byte[] id, QueryOptions options, ClientSession session) {
        return execute(id, options, session, Trace.NONE);
    }

    /** Executes a prepared statement, recording its steps in {@code trace}. */
    public CompletionStage<QueryResult> execute(byte[] id, QueryOptions options, ClientSession session,
                                                Trace trace) {
        return failingTheStage(() -> {
            PreparedStatement statement = prepared(id);
            Analyzed analyzed = preparedAnalysis(statement);
            QueryOptions bound = options.withValues(analyzed.variables().bind(options, true));
            return run(statement.parsed().statement(), analyzed, bound, session, statement.keyspace(),
                    data.traced(trace));
        });
    }

    private Analyzed preparedAnalysis(PreparedStatement statement) {
        String key = HexFormat.of().formatHex(statement.id());
        Analyzed analyzed = analyzedPrepared.get(key);
        if (analyzed == null || !analyzed.schemaVersion().equals(schema.current().version())) {
            analyzed = analyze(statement.parsed(), statement.keyspace());
            analyzedPrepared.put(key, analyzed);
        }
        return analyzed;
    }

    /** One statement of a BATCH: CQL text or a prepared id, with its values. */
    public record BatchEntry(String query, byte[] preparedId, List<java.nio.ByteBuffer> values) {
    }

    /** Executes a BATCH: every statement's updates, at one timestamp, applied per partition. */
    public CompletionStage<QueryResult> batch(BatchStatement.Type type, List<BatchEntry> entries,
                                              QueryOptions options, ClientSession session) {
        return batch(type, entries, options, session, Trace.NONE);
    }

    /** Executes a BATCH, recording its steps in {@code trace}. */
    public CompletionStage<QueryResult> batch(BatchStatement.Type type, List<BatchEntry> entries,
                                              QueryOptions options, ClientSession session, Trace trace) {
        return failingTheStage(() -> {
            if (trace.isOn()) {
                trace.event("Preparing a " + type.name().toLowerCase(java.util.Locale.ROOT) + " batch of "
                        + entries.size() + " statements");
            }
            return runBatch(type, entries, options, session, data.traced(trace));
        });
    }

    private CompletionStage<QueryResult> runBatch(BatchStatement.Type type, List<BatchEntry> entries,
                                                  QueryOptions options, ClientSession session,
                                                  DataCoordinator data) {
        if (entries.size() > MAX_BATCH_STATEMENTS) {
            throw CqlException.invalid("Too many statements in batch: " + entries.size() + " (maximum "
                    + MAX_BATCH_STATEMENTS + ")");
        }
        ExecutionContext base = context(options);
        long timestamp = options.hasTimestamp() ? options.timestampMicros() : base.nowMicros();
        List<ModificationPlan> plans = new ArrayList<>();
        List<ExecutionContext> contexts = new ArrayList<>();
        for (BatchEntry entry : entries) {
            ParsedStatement statement;
            Analyzed analyzed;
            String keyspace;
            if (entry.preparedId() != null) {
                PreparedStatement preparedStatement = prepared(entry.preparedId());
                statement = preparedStatement.parsed();
                analyzed = preparedAnalysis(preparedStatement);
                keyspace = preparedStatement.keyspace();
            } else {
                statement = parse(entry.query());
                keyspace = keyspace(options, session);
                analyzed = analyze(statement, keyspace);
            }
            if (!(analyzed.plan() instanceof ModificationPlan plan)) {
                throw CqlException.invalid("Invalid statement in batch: only UPDATE, INSERT and DELETE statements are "
                        + "allowed.");
            }
            analyzed.variables().checkCount(entry.values().size());
            authorize(session, StatementAccess.write(plan.table(), plan.isConditional()));
            plans.add(plan);
            contexts.add(new ExecutionContext(options.withValues(entry.values()), base.nowMicros(), timeUuids));
        }
        BatchRules.check(type, UsingClause.NONE, plans);
        if (ConditionalWrite.isConditional(plans)) {
            List<ConditionalWrite.Part> parts = new ArrayList<>(plans.size());
            for (int i = 0; i < plans.size(); i++) {
                parts.add(new ConditionalWrite.Part(plans.get(i), contexts.get(i)));
            }
            return ConditionalWrite.execute(data, parts, options, true);
        }
        checkNotSerial(options, plans);
        List<TableUpdates> parts = new ArrayList<>();
        java.util.Iterator<ExecutionContext> planContexts = contexts.iterator();
        return AsyncLoop.forEach(plans, plan -> plan.updates(planContexts.next(), timestamp, data,
                        options.consistency())
                        .thenAccept(updates -> parts.add(new TableUpdates(plan.table(), updates))))
                .thenCompose(computed -> applyAll(parts, options, type == BatchStatement.Type.LOGGED, data))
                .thenApply(written -> new QueryResult.Void());
    }

    private ExecutionContext context(QueryOptions options) {
        return new ExecutionContext(options, nextTimestampMicros(), timeUuids);
    }

    /**
     * "Now" for a statement, strictly increasing on this node as Cassandra's server-side
     * timestamps are, so that two writes of one client never share a timestamp (a collection
     * overwrite deletes at its timestamp minus one, which must shadow the previous write).
     */
    private long nextTimestampMicros() {
        long now = clock.currentTimeMicros();
        return lastTimestampMicros.updateAndGet(last -> Math.max(now, last + 1));
    }

    private Analyzed analyze(ParsedStatement parsedStatement, String keyspace) {
        Schema current = schema.current();
        Statement statement = parsedStatement.statement();
        BindVariables variables = new BindVariables(parsedStatement.bindMarkerCount());
        TermAnalyzer terms = new TermAnalyzer(functions, current, keyspace, variables, clock);
        if (statement instanceof SelectStatement select) {
            TableMetadata table = table(current, select.table(), keyspace);
            SelectPlan plan = new SelectPlan(table, select, terms, functions);
            return new Analyzed(current.version(), plan, variables, plan.resultColumns(),
                    variables.partitionKeyIndexes(table));
        }
        if (statement instanceof ModificationStatement modification) {
            TableMetadata table = modifiable(table(current, modification.table(), keyspace));
            ModificationPlan plan = ModificationPlan.analyze(table, modification, terms);
            return new Analyzed(current.version(), plan, variables, List.of(), variables.partitionKeyIndexes(table));
        }
        if (statement instanceof BatchStatement batch) {
            BoundTerm timestamp = batch.using().hasTimestamp() ? terms.analyze(batch.using().timestamp(),
                    new ResultColumn("[batch]", "[batch]", "[timestamp]", io.cairn.cql.type.NativeType.BIGINT)) : null;
            List<ModificationPlan> plans = new ArrayList<>();
            for (ModificationStatement inner : batch.statements()) {
                TableMetadata table = modifiable(table(current, inner.table(), keyspace));
                plans.add(ModificationPlan.analyze(table, inner, terms));
            }
            BatchRules.check(batch.type(), batch.using(), plans);
            List<Integer> partitionKey = plans.isEmpty() ? List.of()
                    : variables.partitionKeyIndexes(plans.get(0).table());
            return new Analyzed(current.version(), new BatchPlan(batch, plans, timestamp), variables, List.of(),
                    partitionKey);
        }
        if (statement instanceof UnsupportedStatement unsupported) {
            throw CqlException.invalid(unsupported.kind() + " statements are not supported yet");
        }
        if (statement instanceof DescribeStatement describe) {
            return new Analyzed(current.version(), statement, variables, DescribeStatements.columns(describe),
                    List.of());
        }
        return new Analyzed(current.version(), statement, variables, List.of(), List.of());
    }

    /** {@code table}, unless it is in a system keyspace, which no statement writes (nor a BATCH's). */
    private static TableMetadata modifiable(TableMetadata table) {
        if (SystemKeyspaces.isSystem(table.keyspace())) {
            throw new CqlException(io.cairn.cql.error.ErrorCode.UNAUTHORIZED, table.keyspace()
                    + " keyspace is not user-modifiable.");
        }
        return table;
    }

    /** @param timestamp the batch's USING TIMESTAMP, or null */
    private record BatchPlan(BatchStatement statement, List<ModificationPlan> plans, BoundTerm timestamp) {
    }

    static TableMetadata table(Schema schema, QualifiedName name, String sessionKeyspace) {
        String keyspace = SchemaManager.keyspaceOf(name, sessionKeyspace);
        if (schema.keyspace(keyspace) == null) {
            throw CqlException.invalid("keyspace " + keyspace + " does not exist");
        }
        TableMetadata table = schema.table(keyspace, name.name());
        if (table == null) {
            throw CqlException.invalid("table " + name.name() + " does not exist");
        }
        return table;
    }

    private CompletionStage<QueryResult> run(Statement statement, Analyzed analyzed, QueryOptions options,
                                             ClientSession session, String keyspace, DataCoordinator data) {
        Object plan = analyzed.plan();
        authorize(session, plan, statement, keyspace);
        if (plan instanceof SelectPlan select) {
            return select.execute(data, context(options)).thenApply(rows -> rows);
        }
        if (plan instanceof ModificationPlan modification) {
            if (modification.isConditional()) {
                return ConditionalWrite.execute(data, List.of(new ConditionalWrite.Part(modification,
                        context(options))), options, false);
            }
            checkNotSerial(options, List.of(modification));
            return modification.updates(context(options), QueryOptions.NO_TIMESTAMP, data, options.consistency())
                    .thenCompose(updates -> data.write(modification.table(), updates, options.consistency()))
                    .thenApply(written -> new QueryResult.Void());
        }
        if (plan instanceof BatchPlan batch) {
            ExecutionContext context = context(options);
            if (ConditionalWrite.isConditional(batch.plans())) {
                List<ConditionalWrite.Part> parts = new ArrayList<>();
                for (ModificationPlan modification : batch.plans()) {
                    parts.add(new ConditionalWrite.Part(modification, context));
                }
                return ConditionalWrite.execute(data, parts, options, true);
            }
            checkNotSerial(options, batch.plans());
            long timestamp = options.hasTimestamp() ? options.timestampMicros() : context.nowMicros();
            if (batch.timestamp() != null) {
                timestamp = batchTimestamp(batch.timestamp(), context, timestamp);
            }
            long batchTimestamp = timestamp;
            List<TableUpdates> parts = new ArrayList<>();
            return AsyncLoop.forEach(batch.plans(), modification -> modification.updates(context, batchTimestamp,
                            data, options.consistency())
                            .thenAccept(updates -> parts.add(new TableUpdates(modification.table(),
                                    updates))))
                    .thenCompose(computed -> applyAll(parts, options,
                            batch.statement().type() == BatchStatement.Type.LOGGED, data))
                    .thenApply(written -> new QueryResult.Void());
        }
        if (statement instanceof DescribeStatement describe) {
            return CompletableFuture.completedFuture(DescribeStatements.execute(describe, schema.current(), keyspace));
        }
        if (statement instanceof UseStatement use) {
            if (schema.current().keyspace(use.keyspace()) == null) {
                throw CqlException.invalid("Keyspace '" + use.keyspace() + "' does not exist");
            }
            session.useKeyspace(use.keyspace());
            return CompletableFuture.completedFuture(new QueryResult.SetKeyspace(use.keyspace()));
        }
        if (statement instanceof TruncateStatement truncate) {
            TableMetadata table = table(schema.current(), truncate.table(), keyspace);
            if (SystemKeyspaces.isSystem(table.keyspace())) {
                throw new CqlException(io.cairn.cql.error.ErrorCode.UNAUTHORIZED, table.keyspace()
                        + " keyspace is not user-modifiable.");
            }
            return data.truncate(table).thenApply(truncated -> new QueryResult.Void());
        }
        if (statement instanceof CreateRoleStatement || statement instanceof AlterRoleStatement
                || statement instanceof DropRoleStatement || statement instanceof ListRolesStatement
                || statement instanceof GrantPermissionsStatement || statement instanceof GrantRoleStatement
                || statement instanceof ListPermissionsStatement) {
            return roles.execute(statement, session, keyspace);
        }
        AuthResource created = StatementAccess.created(statement, keyspace);
        return changer.change(statement, keyspace).thenCompose(change -> {
            if (change == null) {
                return CompletableFuture.completedFuture(new QueryResult.Void());
            }
            QueryResult result = new QueryResult.SchemaChanged(change);
            return created == null ? CompletableFuture.completedFuture(result)
                    : authorizer.grantCreator(session, created).thenApply(granted -> result);
        });
    }

    /** Fails with UNAUTHORIZED unless the client may run the statement (its plan, when it has one). */
    private void authorize(ClientSession session, Object plan, Statement statement, String keyspace) {
        if (plan instanceof SelectPlan select) {
            authorize(session, StatementAccess.read(select.table()));
        } else if (plan instanceof ModificationPlan modification) {
            authorize(session, StatementAccess.write(modification.table(), modification.isConditional()));
        } else if (plan instanceof BatchPlan batch) {
            for (ModificationPlan modification : batch.plans()) {
                authorize(session, StatementAccess.write(modification.table(), modification.isConditional()));
            }
        } else {
            authorize(session, StatementAccess.of(statement, keyspace));
        }
    }

    private void authorize(ClientSession session, List<StatementAccess.Need> needs) {
        for (StatementAccess.Need need : needs) {
            authorizer.authorize(session, need.permission(), need.resource());
        }
    }

    /**
     * Applies a batch's updates, all computed first (a statement that fails to bind writes
     * nothing): a LOGGED batch of several partitions through the batchlog, otherwise each
     * table's part in turn.
     */
    private static CompletionStage<Void> applyAll(List<TableUpdates> parts, QueryOptions options,
                                                  boolean isLogged, DataCoordinator data) {
        int partitions = 0;
        for (TableUpdates part : parts) {
            partitions += part.updates().size();
        }
        if (isLogged && partitions > 1) {
            return data.writeLogged(parts, options.consistency());
        }
        if (parts.size() == 1) {
            return data.write(parts.get(0).table(), parts.get(0).updates(), options.consistency());
        }
        return data.writeUnlogged(parts, options.consistency());
    }

    /**
     * A write without conditions cannot be serial, and a counter write is never at ANY (a hint
     * alone would leave the increment without a leader): Cassandra's refusals, whichever
     * coordinator runs it.
     */
    private static void checkNotSerial(QueryOptions options, List<ModificationPlan> plans) {
        for (ModificationPlan plan : plans) {
            if (plan.table().isCounter()) {
                if (options.consistency() == io.cairn.cql.ConsistencyLevel.ANY) {
                    throw CqlException.invalid("Consistency level ANY is not yet supported for counter table "
                            + plan.table().name());
                }
                if (options.consistency().isSerial()) {
                    throw CqlException.invalid("Counter operations are inherently non-serializable");
                }
            }
        }
        if (options.consistency().isSerial()) {
            throw CqlException.invalid("You must use conditional updates for serializable writes");
        }
    }

    /** The batch's USING TIMESTAMP, or {@code otherwise} when its value is unset (as for a single statement). */
    private static long batchTimestamp(BoundTerm term, ExecutionContext context, long otherwise) {
        java.nio.ByteBuffer value = term.bind(context);
        if (value == null) {
            throw CqlException.invalid("Invalid null value of timestamp");
        }
        if (value == QueryOptions.UNSET) {
            return otherwise;
        }
        return WriteAttributes.checkedTimestamp(value.getLong(value.position()));
    }

    /** The v5 result metadata id: a digest of the result columns, changing when they change. */
    private static byte[] metadataId(List<ResultColumn> columns) {
        StringBuilder text = new StringBuilder();
        for (ResultColumn column : columns) {
            text.append(column.keyspace()).append('.').append(column.table()).append('.').append(column.name())
                    .append(':').append(column.type().asCql()).append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return java.util.Arrays.copyOf(digest, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    public SchemaManager schema() {
        return schema;
    }
}
