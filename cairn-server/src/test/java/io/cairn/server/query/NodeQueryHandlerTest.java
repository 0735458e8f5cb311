package io.cairn.server.query;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.Scheduler;
import io.cairn.common.time.TimeUuids;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.UnpreparedException;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cql.type.NativeType;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.node.coordinator.LocalDataCoordinator;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.TableMetadata;
import io.cairn.protocol.ProtocolVersion;
import io.cairn.protocol.message.QueryParameters;
import io.cairn.protocol.message.Request;
import io.cairn.protocol.message.Response;
import io.cairn.server.transport.ClientState;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TokenRange;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requests start on the handler's executor and their responses complete when the replicas
 * answer: nothing waits in between.
 */
class NodeQueryHandlerTest {

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    /** The request executor, run by the test: what it has been given and not yet run. */
    private final Queue<Runnable> executorTasks = new ArrayDeque<>();
    private final Queue<Runnable> heldReads = new ArrayDeque<>();
    private final ClientState client = new ClientState(ProtocolVersion.V5, new InetSocketAddress(9042));
    private KvStorageEngine storage;
    private NodeQueryHandler handler;

    @BeforeEach
    void start() {
        storage = new KvStorageEngine(new InMemoryKvStore(), clock, new NoScheduledWork(), StorageLimits.DEFAULTS,
                Duration.ZERO);
        StatementParser parser = new StatementParser();
        SplittableRandom random = new SplittableRandom(3);
        SchemaManager schema = new SchemaManager(storage, clock, random, parser);
        schema.start();
        DataCoordinator replicas = new ReadsHeldUntilReleased(new LocalDataCoordinator(storage, schema,
                "datacenter1"));
        handler = new NodeQueryHandler(new QueryProcessor(replicas, schema, clock, new TimeUuids(random), parser),
                executorTasks::add);
        answered(query("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"));
        answered(query("CREATE TABLE ks.t (k int PRIMARY KEY, v text)"));
        answered(query("INSERT INTO ks.t (k, v) VALUES (1, 'one')"));
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    private CompletionStage<Response> query(String cql) {
        return handler.handle(new Request.Query(cql, parameters()), client);
    }

    private static QueryParameters parameters() {
        return new QueryParameters(ConsistencyLevel.ONE, List.of(), null, false, -1, null, ConsistencyLevel.SERIAL,
                QueryParameters.NO_TIMESTAMP, null, QueryParameters.NO_NOW);
    }

    /** Runs the executor's tasks and answers the reads until the response is there. */
    private Response answered(CompletionStage<Response> response) {
        while (!executorTasks.isEmpty() || !heldReads.isEmpty()) {
            while (!executorTasks.isEmpty()) {
                executorTasks.poll().run();
            }
            if (!heldReads.isEmpty()) {
                heldReads.poll().run();
            }
        }
        return response.toCompletableFuture().join();
    }

    @Test
    void aSelectStartsOnTheExecutorAndIsAnsweredWhenTheReplicaAnswers() {
        CompletionStage<Response> response = query("SELECT v FROM ks.t WHERE k = 1");

        assertThat(executorTasks).hasSize(1);
        assertThat(heldReads).isEmpty();
        executorTasks.poll().run();
        assertThat(response.toCompletableFuture()).isNotDone();
        assertThat(heldReads).hasSize(1);
        heldReads.poll().run();

        Response.Rows rows = (Response.Rows) response.toCompletableFuture().join();
        assertThat(rows.rows()).containsExactly(List.of(NativeType.TEXT.decompose("one")));
        assertThat(executorTasks).isEmpty();
    }

    @Test
    void anInvalidStatementToPrepareFailsTheResponseWithItsError() {
        CompletionStage<Response> response = handler.handle(new Request.Prepare("SELECT * FROM ks.missing", null),
                client);
        executorTasks.poll().run();

        assertThatThrownBy(() -> response.toCompletableFuture().join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(CqlException.class).hasMessage("table missing does not exist");
    }

    @Test
    void anUnknownPreparedIdFailsTheResponseWithUnprepared() {
        CompletionStage<Response> response = handler.handle(new Request.Execute(new byte[16], null, parameters()),
                client);
        executorTasks.poll().run();

        assertThatThrownBy(() -> response.toCompletableFuture().join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(UnpreparedException.class);
    }

    @Test
    void aFailedStatementFailsTheResponseWithItsError() {
        CompletionStage<Response> response = query("SELECT v FROM ks.t WHERE k = 1 LIMIT 0");
        executorTasks.poll().run();

        assertThatThrownBy(() -> response.toCompletableFuture().join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(CqlException.class).hasMessage("LIMIT must be strictly positive");
    }

    @Test
    void useSetsTheConnectionsKeyspaceOnceAnswered() {
        Response response = answered(query("USE ks"));

        assertThat(response).isEqualTo(new Response.SetKeyspace("ks"));
        assertThat(client.keyspace()).isEqualTo("ks");
    }

    /** This node's storage, whose reads answer only when the test runs them. */
    private final class ReadsHeldUntilReleased implements DataCoordinator {
        private final DataCoordinator local;

        ReadsHeldUntilReleased(DataCoordinator local) {
            this.local = local;
        }

        @Override
        public CompletionStage<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                   ConsistencyLevel consistency) {
            CompletableFuture<PartitionData> answer = new CompletableFuture<>();
            heldReads.add(() -> local.read(table, key, filter, consistency).thenAccept(answer::complete));
            return answer;
        }

        @Override
        public CompletionStage<Void> write(TableMetadata table, List<PartitionUpdate> updates,
                                           ConsistencyLevel consistency) {
            return local.write(table, updates, consistency);
        }

        @Override
        public CompletionStage<ScanPage> scan(TableMetadata table, TokenRange range, ScanPosition resumeAfter,
                                              ReadFilter filter, ConsistencyLevel consistency) {
            return local.scan(table, range, resumeAfter, filter, consistency);
        }

        @Override
        public CompletionStage<Void> writeLogged(List<io.cairn.node.batchlog.TableUpdates> batch,
                                                 ConsistencyLevel consistency) {
            return local.writeLogged(batch, consistency);
        }

        @Override
        public CompletionStage<Void> writeUnlogged(List<io.cairn.node.batchlog.TableUpdates> batch,
                                                   ConsistencyLevel consistency) {
            return local.writeUnlogged(batch, consistency);
        }

        @Override
        public CompletionStage<Void> truncate(TableMetadata table) {
            return local.truncate(table);
        }

        @Override
        public CompletionStage<io.cairn.node.coordinator.CasResult> cas(TableMetadata table, PartitionKey key,
                io.cairn.node.coordinator.CasRequest request, ConsistencyLevel serial, ConsistencyLevel commit) {
            return local.cas(table, key, request, serial, commit);
        }

        @Override
        public CompletionStage<PartitionData> readSerial(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                         ConsistencyLevel serial) {
            return local.readSerial(table, key, filter, serial);
        }
    }

    private static final class NoScheduledWork implements Scheduler {
        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            throw new UnsupportedOperationException("no scheduled work in these tests");
        }

        @Override
        public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
            throw new UnsupportedOperationException("no scheduled work in these tests");
        }
    }
}
