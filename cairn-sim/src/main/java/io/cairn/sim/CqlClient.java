package io.cairn.sim;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.cql.error.ReadTimeoutException;
import io.cairn.cql.error.UnavailableException;
import io.cairn.cql.error.WriteTimeoutException;
import io.cairn.cql.ast.BatchStatement;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.query.QueryResult;
import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;
import io.cairn.sim.History.Version;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * What a driver does for the simulated clients: sends CQL to a node's {@link QueryProcessor}
 * on that node's scheduler, with a client-side timestamp from the node's clock (as the
 * DataStax driver 4 generates them), pages through results, gives up after
 * {@link #CLIENT_TIMEOUT}, and records each operation's outcome in the history.
 */
final class CqlClient {

    /** Clients give up on an operation after this (then its outcome is unknown). */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(12);
    /** Rows per page of a scan: small, so that scans page across ring pieces. */
    static final int PAGE_ROWS = 3;

    private final SimCluster cluster;
    private final ClientSession session = new ClientSession();

    CqlClient(SimCluster cluster) {
        this.cluster = cluster;
    }

    /** A statement's text and bound values. */
    record Statement(String cql, List<ByteBuffer> values) {
        static Statement of(String cql, ByteBuffer... values) {
            return new Statement(cql, List.of(values));
        }
    }

    /** A client-side timestamp, as a driver takes it: from the clock where the client runs (the coordinator's). */
    static long timestamp(SimNode node) {
        return node.clock.currentTimeMicros();
    }

    /**
     * Runs {@code statements} on {@code node} as {@code op} (one statement, or a batch of
     * {@code batchType} when not null) at {@code consistency} and {@code timestampMicros}; {@code done} hears the
     * result, or nothing if the client gave up first or the error is classified for it.
     * {@code then} runs once the client has the operation's outcome.
     */
    void send(SimNode node, Op op, ConsistencyLevel consistency, BatchStatement.Type batchType,
              List<Statement> statements, long timestampMicros,
              BiConsumer<QueryResult, Outcome> done, Runnable then) {
        send(node, op, consistency, batchType, statements, timestampMicros, 0, done, then);
    }

    /**
     * As {@link #send(SimNode, Op, ConsistencyLevel, BatchStatement.Type, List, long, BiConsumer, Runnable)},
     * but on a WRITE_TIMEOUT the statement is sent again, as it was, up to
     * {@code retriesOnWriteTimeout} times, and only the last attempt's outcome is recorded: what
     * a naive retry policy does (the plant {@link Plant#COUNTER_CLIENT_RETRIES}).
     */
    void send(SimNode node, Op op, ConsistencyLevel consistency, BatchStatement.Type batchType,
              List<Statement> statements, long timestampMicros, int retriesOnWriteTimeout,
              BiConsumer<QueryResult, Outcome> done, Runnable then) {
        if (!node.isUp()) {
            complete(op, Outcome.FAILED, op.version, "connection refused", then);
            return;
        }
        cluster.loop.schedule(CLIENT_TIMEOUT, () -> complete(op, Outcome.UNKNOWN, op.version, "client timeout", then));
        QueryOptions options = new QueryOptions(consistency, statements.get(0).values(), null, 0, null,
                timestampMicros, null, ConsistencyLevel.SERIAL);
        node.scheduler.schedule(Duration.ZERO, () -> attempt(node, op, batchType, statements, options,
                retriesOnWriteTimeout, done, then));
    }

    private void attempt(SimNode node, Op op, BatchStatement.Type batchType, List<Statement> statements,
                         QueryOptions options, int retries, BiConsumer<QueryResult, Outcome> done, Runnable then) {
        execute(node, batchType, statements, options).whenComplete((result, error) -> {
            if (error != null && retries > 0 && unwrap(error) instanceof WriteTimeoutException
                    && op.outcome == Outcome.OPEN && node.isUp()) {
                node.scheduler.schedule(Duration.ZERO, () -> attempt(node, op, batchType, statements, options,
                        retries - 1, done, then));
            } else if (error != null) {
                fail(node, op, error, then);
            } else {
                accept(done, result, op);
            }
        });
    }

    /**
     * Runs one statement on {@code node} as {@code op} at {@code consistency} (the commit
     * consistency of a conditional write; the read's level, SERIAL included, of a read) and
     * {@code serial} (a conditional write's serial consistency); as {@link #send} otherwise.
     */
    void sendConditional(SimNode node, Op op, ConsistencyLevel consistency, ConsistencyLevel serial,
                         Statement statement, long timestampMicros, BiConsumer<QueryResult, Outcome> done,
                         Runnable then) {
        if (!node.isUp()) {
            complete(op, Outcome.FAILED, null, "connection refused", then);
            return;
        }
        cluster.loop.schedule(CLIENT_TIMEOUT, () -> complete(op, Outcome.UNKNOWN, null, "client timeout", then));
        node.scheduler.schedule(Duration.ZERO, () -> {
            QueryOptions options = new QueryOptions(consistency, statement.values(), null, 0, null,
                    timestampMicros, null, serial);
            node.queryProcessor().execute(statement.cql(), options, session).whenComplete((result, error) -> {
                if (error != null) {
                    fail(node, op, error, then);
                } else {
                    accept(done, result, op);
                }
            });
        });
    }

    private CompletionStage<QueryResult> execute(SimNode node, BatchStatement.Type batchType,
                                                 List<Statement> statements, QueryOptions options) {
        QueryProcessor processor = node.queryProcessor();
        if (batchType == null) {
            return processor.execute(statements.get(0).cql(), options, session);
        }
        List<QueryProcessor.BatchEntry> entries = new ArrayList<>();
        for (Statement statement : statements) {
            entries.add(new QueryProcessor.BatchEntry(statement.cql(), null, statement.values()));
        }
        return processor.batch(batchType, entries, options.withValues(List.of()), session);
    }

    /**
     * Reads every page of {@code statement} through {@code node} at the op's consistency
     * (each page from where the last stopped, as a driver pages); {@code done} hears all rows.
     */
    void page(SimNode node, Op op, ConsistencyLevel consistency, Statement statement,
              BiConsumer<List<List<ByteBuffer>>, Outcome> done,
              Runnable then) {
        cluster.loop.schedule(CLIENT_TIMEOUT, () -> complete(op, Outcome.UNKNOWN, null, "client timeout", then));
        node.scheduler.schedule(Duration.ZERO, () -> nextPage(node, op, consistency, statement, null, new ArrayList<>(),
                done, then));
    }

    private void nextPage(SimNode node, Op op, ConsistencyLevel consistency, Statement statement,
                          ByteBuffer pagingState,
                          List<List<ByteBuffer>> rows, BiConsumer<List<List<ByteBuffer>>, Outcome> done,
                          Runnable then) {
        QueryOptions options = new QueryOptions(consistency, statement.values(), null, PAGE_ROWS, pagingState,
                QueryOptions.NO_TIMESTAMP, null, ConsistencyLevel.SERIAL);
        node.queryProcessor().execute(statement.cql(), options, session).whenComplete((result, error) -> {
            if (error != null) {
                fail(node, op, error, then);
                return;
            }
            QueryResult.Rows page = (QueryResult.Rows) result;
            rows.addAll(page.rows());
            if (page.hasMorePages() && op.outcome == Outcome.OPEN) {
                nextPage(node, op, consistency, statement, page.pagingState(), rows, done, then);
            } else {
                accept(done, rows, op);
            }
        });
    }

    /** Hands a result to the client; a result it cannot read is a finding, not a silent timeout. */
    private <T> void accept(BiConsumer<T, Outcome> done, T result, Op op) {
        try {
            done.accept(result, Outcome.OK);
        } catch (RuntimeException e) {
            cluster.nodeErrors.add("the client could not read the result of " + op + ": " + e);
        }
    }

    private void fail(SimNode node, Op op, Throwable error, Runnable then) {
        Throwable cause = unwrap(error);
        if ((op.kind.isLwt() || op.kind.isCounter()) && cause instanceof CqlException cql && (cql.code() == ErrorCode.INVALID
                || cql.code() == ErrorCode.SYNTAX_ERROR || cql.code() == ErrorCode.SERVER_ERROR)) {
            // The workload's statements are valid: a refusal is a finding, not a failed operation.
            cluster.nodeErrors.add("node " + (node.index + 1) + " refused " + op + ": " + describe(cause));
        }
        Outcome outcome = outcome(op.kind, cause);
        complete(op, outcome, op.kind.changes() || op.kind.changesList() ? op.version : null,
                describe(cause), then);
        if (!(cause instanceof CqlException)) {
            cluster.nodeError(node.index, cause);
        }
    }

    /**
     * As a driver reports it: an unavailable or read timeout error means the operation failed
     * (for a batch too: the coordinator checks every part before writing any, and a part that
     * becomes unavailable midway is reported as a write timeout); a write timeout that it may
     * have happened.
     */
    static Outcome outcome(Kind kind, Throwable error) {
        if (kind.isLwt()) {
            return lwtOutcome(kind, error);
        }
        if (kind.isCounter()) {
            return counterOutcome(kind, error);
        }
        if (error instanceof UnavailableException) {
            return Outcome.FAILED;
        }
        if (error instanceof WriteTimeoutException) {
            return Outcome.UNKNOWN;
        }
        if (error instanceof ReadTimeoutException) {
            return Outcome.FAILED;
        }
        if (error instanceof CqlException cql && cql.code() == ErrorCode.INVALID) {
            // Refused before anything was written (a list index past the end, for one).
            return Outcome.FAILED;
        }
        return kind.changes() || kind.changesList() ? Outcome.UNKNOWN : Outcome.FAILED;
    }

    /**
     * As a driver reports a lightweight transaction's error: UNAVAILABLE means it did not happen
     * (nothing was proposed); a write timeout (of write type CAS), CAS_WRITE_UNKNOWN or a read
     * timeout that it may have; a refused statement did not happen.
     */
    private static Outcome lwtOutcome(Kind kind, Throwable error) {
        if (error instanceof UnavailableException) {
            return Outcome.FAILED;
        }
        if (error instanceof WriteTimeoutException || error instanceof ReadTimeoutException
                || error instanceof CqlException cql && cql.code() == ErrorCode.CAS_WRITE_UNKNOWN) {
            return Outcome.UNKNOWN;
        }
        if (error instanceof CqlException cql && (cql.code() == ErrorCode.INVALID
                || cql.code() == ErrorCode.SYNTAX_ERROR)) {
            return Outcome.FAILED;
        }
        return kind.isConditional() ? Outcome.UNKNOWN : Outcome.FAILED;
    }

    /**
     * As a driver reports a counter operation's error: UNAVAILABLE (refused before anything was
     * sent) and a refused statement did not happen; any other error of an increment (a write
     * timeout of type COUNTER, the coordinator gone) leaves it unknown: it may have been applied.
     * A read that failed saw nothing.
     */
    private static Outcome counterOutcome(Kind kind, Throwable error) {
        if (kind == Kind.COUNTER_READ || error instanceof UnavailableException) {
            return Outcome.FAILED;
        }
        if (error instanceof CqlException cql && (cql.code() == ErrorCode.INVALID
                || cql.code() == ErrorCode.SYNTAX_ERROR)) {
            return Outcome.FAILED;
        }
        return Outcome.UNKNOWN;
    }

    /** What failed a stage's chain: the cause a continuation's CompletionException wraps. */
    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    /** Records the op's outcome, once; then the client goes on. */
    void complete(Op op, Outcome outcome, Version version, String error, Runnable then) {
        if (op.outcome != Outcome.OPEN) {
            return;
        }
        op.outcome = outcome;
        op.version = version;
        op.error = error;
        op.completedMicros = cluster.now();
        cluster.log.record(op.id, op.completedMicros, outcome.ordinal(), version == null ? 0 : version.value(),
                version == null ? 0 : version.timestamp());
        if (op.kind.isLwt() || op.kind.isCounter()) {
            cluster.log.record(op.id, op.applied ? 1 : 0, op.seen);
        }
        if (cluster.log.isTracing()) {
            cluster.trace(op.toString());
        }
        then.run();
    }
}
