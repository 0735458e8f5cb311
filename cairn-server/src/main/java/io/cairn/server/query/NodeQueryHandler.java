package io.cairn.server.query;

import io.cairn.cql.ast.BatchStatement;
import io.cairn.common.concurrent.AsyncLoop;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.PreparedStatement;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.query.QueryResult;
import io.cairn.node.query.ResultColumn;
import io.cairn.node.query.StatementText;
import io.cairn.node.tracing.Trace;
import io.cairn.node.tracing.TraceSession;
import io.cairn.node.tracing.Tracing;
import io.cairn.protocol.Primitives;
import io.cairn.protocol.message.ColumnSpec;
import io.cairn.protocol.message.QueryParameters;
import io.cairn.protocol.message.Request;
import io.cairn.protocol.message.Response;
import io.cairn.protocol.message.RowsMetadata;
import io.cairn.protocol.message.SchemaChange;
import io.cairn.protocol.message.TypeOptions;
import io.cairn.server.transport.ClientState;
import io.cairn.server.transport.QueryHandler;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Connects the transport to the node's query processor: turns QUERY, PREPARE, EXECUTE and
 * BATCH requests into executions and their results into RESULT messages.
 *
 * <p>Statements start on the given executor, never on a connection's event loop: parsing,
 * analysis and this node's own storage work (a write that waits for its commit log fsync in
 * batch mode) must not stall the other connections served by that loop. No thread waits for
 * a replica: the response completes when the statement's stage does, on the thread that
 * delivered the last answer. The transport's in-flight limits bound how many statements are
 * queued or waiting.
 *
 * <p>A failure thrown while starting (PREPARE of a bad statement, an unknown prepared id) and
 * one that fails a statement's stage both fail the returned stage; the transport answers
 * either with an ERROR.
 */
public final class NodeQueryHandler implements QueryHandler {

    private final QueryProcessor processor;
    private final Executor executor;
    private final Tracing tracing;
    private final SlowQueryLog slowQueries;

    /** A handler that neither traces (it ignores the tracing flag) nor logs slow statements. */
    public NodeQueryHandler(QueryProcessor processor, Executor executor) {
        this(processor, executor, null, null);
    }

    /**
     * @param tracing     traces the requests whose envelope asks for it; null ignores the flag
     * @param slowQueries where slow statements are logged; null logs none
     */
    public NodeQueryHandler(QueryProcessor processor, Executor executor, Tracing tracing, SlowQueryLog slowQueries) {
        this.processor = processor;
        this.executor = executor;
        this.tracing = tracing;
        this.slowQueries = slowQueries;
    }

    @Override
    public CompletionStage<Response> handle(Request request, ClientState client) {
        return handle(request, client, false);
    }

    @Override
    public CompletionStage<Response> handle(Request request, ClientState client, boolean traced) {
        long start = slowQueries == null ? 0 : slowQueries.start();
        CompletionStage<Response> response = CompletableFuture.supplyAsync(() -> traced && tracing != null
                        ? executeTraced(request, client) : execute(request, client, Trace.NONE), executor)
                .thenCompose(answer -> answer);
        if (slowQueries == null) {
            return response;
        }
        return response.whenComplete((answer, failure) -> {
            if (slowQueries.isSlow(start)) {
                slowQueries.finished(start, statementText(request), client.remoteAddress(), failure != null);
            }
        });
    }

    /**
     * Runs a request in a tracing session, written (events, then the session) before the answer
     * goes back, which then carries the session's id, an error of the protocol's kind too (any
     * other failure is answered as it is, untraced, once its trace is written).
     */
    private CompletionStage<Response> executeTraced(Request request, ClientState client) {
        TraceSession session = tracing.begin(requestName(request), parameters(request),
                client.remoteAddress() == null ? null : client.remoteAddress().getAddress());
        if (session == null) {
            return execute(request, client, Trace.NONE);
        }
        CompletionStage<Response> answer;
        try {
            answer = execute(request, client, session.trace());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Response> traced = new CompletableFuture<>();
        answer.whenComplete((response, failure) -> {
            Throwable cause = failure == null ? null : AsyncLoop.unwrap(failure);
            Runnable reply = () -> {
                if (cause instanceof io.cairn.cql.error.CqlException error) {
                    traced.complete(new Response.Traced(session.trace().session(), new Response.Error(error)));
                } else if (cause != null) {
                    traced.completeExceptionally(cause);
                } else {
                    traced.complete(new Response.Traced(session.trace().session(), response));
                }
            };
            try {
                if (cause != null) {
                    session.trace().event("Request failed: " + cause.getMessage());
                }
                tracing.finish(session).whenComplete((written, ignored) -> reply.run());
            } catch (RuntimeException e) {
                // Never leave the client without an answer because its trace could not be written.
                reply.run();
            }
        });
        return traced;
    }

    /** What {@code system_traces.sessions} calls the request, as Cassandra names it. */
    private static String requestName(Request request) {
        if (request instanceof Request.Prepare) {
            return "Preparing CQL3 query";
        }
        if (request instanceof Request.Execute) {
            return "Execute CQL3 prepared query";
        }
        if (request instanceof Request.Batch) {
            return "Execute batch of CQL3 queries";
        }
        return "Execute CQL3 query";
    }

    /** The session's parameters, as Cassandra records them: the statement, the levels, the page size. */
    private Map<String, String> parameters(Request request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        QueryParameters options = null;
        if (request instanceof Request.Query query) {
            parameters.put("query", StatementText.redacted(query.query()));
            options = query.parameters();
        } else if (request instanceof Request.Execute execute) {
            parameters.put("query", statementText(request));
            options = execute.parameters();
        } else if (request instanceof Request.Batch batch) {
            parameters.put("statements", Integer.toString(batch.statements().size()));
            options = batch.parameters();
        } else if (request instanceof Request.Prepare prepare) {
            parameters.put("query", StatementText.redacted(prepare.query()));
        }
        if (options != null) {
            parameters.put("consistency_level", options.consistency().name());
            if (options.serialConsistency() != null) {
                parameters.put("serial_consistency_level", options.serialConsistency().name());
            }
            if (options.pageSize() > 0) {
                parameters.put("page_size", Integer.toString(options.pageSize()));
            }
        }
        return parameters;
    }

    /** The text of the statement a request runs, for the slow query log and traces, its passwords hidden. */
    private String statementText(Request request) {
        return StatementText.redacted(rawStatementText(request));
    }

    private String rawStatementText(Request request) {
        if (request instanceof Request.Query query) {
            return query.query();
        }
        if (request instanceof Request.Execute execute) {
            return preparedText(execute.statementId());
        }
        if (request instanceof Request.Batch batch) {
            StringBuilder text = new StringBuilder("BATCH of ").append(batch.statements().size())
                    .append(" statements");
            for (Request.BatchStatement statement : batch.statements()) {
                if (text.length() > SlowQueryLog.MAX_STATEMENT_CHARS) {
                    break;
                }
                text.append("; ").append(statement.query() != null ? statement.query()
                        : preparedText(statement.statementId()));
            }
            return text.toString();
        }
        if (request instanceof Request.Prepare prepare) {
            return "PREPARE " + prepare.query();
        }
        return request.toString();
    }

    private String preparedText(byte[] id) {
        try {
            return processor.prepared(id).query();
        } catch (RuntimeException unknown) {
            return "a prepared statement this node does not know";
        }
    }

    /** Starts the request's execution; the stage completes with its response. */
    private CompletionStage<Response> execute(Request request, ClientState client, Trace trace) {
        ClientSession session = new ClientSession(client.keyspace(), client.role());
        if (request instanceof Request.Query query) {
            return processor.execute(query.query(), options(query.parameters()), session, trace)
                    .thenApply(result -> result(result, client, false, null));
        }
        if (request instanceof Request.Prepare prepare) {
            if (trace.isOn()) {
                trace.event("Preparing " + StatementText.redacted(prepare.query()));
            }
            return CompletableFuture.completedFuture(prepared(processor.prepare(prepare.query(), session,
                    prepare.keyspace())));
        }
        if (request instanceof Request.Execute execute) {
            PreparedStatement statement = processor.prepared(execute.statementId());
            byte[] changedMetadataId = execute.resultMetadataId() != null
                    && !Arrays.equals(execute.resultMetadataId(), statement.resultMetadataId())
                    ? statement.resultMetadataId() : null;
            return processor.execute(execute.statementId(), options(execute.parameters()), session, trace)
                    .thenApply(result -> result(result, client, execute.parameters().skipMetadata()
                            // A conditional statement prepares without result columns: its rows always carry them.
                            && !statement.resultColumns().isEmpty(), changedMetadataId));
        }
        if (request instanceof Request.Batch batch) {
            List<QueryProcessor.BatchEntry> entries = new ArrayList<>();
            for (Request.BatchStatement statement : batch.statements()) {
                entries.add(new QueryProcessor.BatchEntry(statement.query(), statement.statementId(),
                        values(statement.values())));
            }
            return processor.batch(batchType(batch.type()), entries, options(batch.parameters()), session, trace)
                    .thenApply(result -> result(result, client, false, null));
        }
        throw new IllegalArgumentException("Not a query request: " + request);
    }

    private static BatchStatement.Type batchType(Request.BatchType type) {
        return switch (type) {
            case LOGGED -> BatchStatement.Type.LOGGED;
            case UNLOGGED -> BatchStatement.Type.UNLOGGED;
            case COUNTER -> BatchStatement.Type.COUNTER;
        };
    }

    private static List<ByteBuffer> values(List<ByteBuffer> values) {
        List<ByteBuffer> converted = new ArrayList<>(values.size());
        for (ByteBuffer value : values) {
            converted.add(value == Primitives.UNSET ? QueryOptions.UNSET : value);
        }
        return converted;
    }

    private static QueryOptions options(QueryParameters parameters) {
        return new QueryOptions(parameters.consistency(), values(parameters.values()), parameters.valueNames(),
                parameters.pageSize(), parameters.pagingState(),
                parameters.defaultTimestamp() == QueryParameters.NO_TIMESTAMP ? QueryOptions.NO_TIMESTAMP
                        : parameters.defaultTimestamp(), parameters.keyspace(), parameters.serialConsistency());
    }

    /**
     * @param skipMetadata     the client has the result metadata (EXECUTE with skip_metadata)
     * @param newMetadataId    for protocol v5, the prepared statement's current result metadata id
     *                         when the client's one is stale; null otherwise
     */
    private static Response result(QueryResult result, ClientState client, boolean skipMetadata,
                                   byte[] newMetadataId) {
        if (result instanceof QueryResult.Rows rows) {
            // The column count is sent even without metadata (native_protocol_v5 §4.2.5.2).
            RowsMetadata metadata = new RowsMetadata(specs(rows.columns()), rows.pagingState(), newMetadataId,
                    skipMetadata && newMetadataId == null);
            return new Response.Rows(metadata, rows.rows());
        }
        if (result instanceof QueryResult.SetKeyspace setKeyspace) {
            client.useKeyspace(setKeyspace.keyspace());
            return new Response.SetKeyspace(setKeyspace.keyspace());
        }
        if (result instanceof QueryResult.SchemaChanged changed) {
            return new Response.SchemaChangeResult(schemaChange(changed.change()));
        }
        return new Response.Void();
    }

    /** The protocol's form of a schema change, for RESULT and EVENT messages. */
    public static SchemaChange schemaChange(io.cairn.node.schema.SchemaChange change) {
        return new SchemaChange(SchemaChange.ChangeType.valueOf(change.change().name()),
                SchemaChange.Target.valueOf(change.target().name()), change.keyspace(), change.name(),
                change.argumentTypes());
    }

    private static Response prepared(PreparedStatement statement) {
        // A statement without result columns (a write, conditional or not) prepares with no
        // metadata at all, as Cassandra's: a conditional one sends its columns with each result.
        RowsMetadata result = new RowsMetadata(specs(statement.resultColumns()), null, null,
                statement.resultColumns().isEmpty());
        return new Response.Prepared(statement.id(), statement.resultMetadataId(), specs(statement.variables()),
                statement.partitionKeyIndexes(), result);
    }

    private static List<ColumnSpec> specs(List<ResultColumn> columns) {
        List<ColumnSpec> specs = new ArrayList<>(columns.size());
        for (ResultColumn column : columns) {
            specs.add(new ColumnSpec(column.keyspace(), column.table(), column.name(), TypeOptions.of(column.type())));
        }
        return specs;
    }
}
