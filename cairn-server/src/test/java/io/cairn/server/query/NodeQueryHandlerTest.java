package io.cairn.server.query;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.UnpreparedException;
import io.cairn.cql.type.NativeType;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.node.query.ForwardingDataCoordinator;
import io.cairn.node.query.NodeFixture;
import io.cairn.node.schema.TableMetadata;
import io.cairn.protocol.ProtocolVersion;
import io.cairn.protocol.message.QueryParameters;
import io.cairn.protocol.message.Request;
import io.cairn.protocol.message.Response;
import io.cairn.server.transport.ClientState;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
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

    /** The request executor, run by the test: what it has been given and not yet run. */
    private final Queue<Runnable> executorTasks = new ArrayDeque<>();
    private final Queue<Runnable> heldReads = new ArrayDeque<>();
    private final ClientState client = new ClientState(ProtocolVersion.V5, new InetSocketAddress(9042));
    private NodeFixture node;
    private NodeQueryHandler handler;

    @BeforeEach
    void start() {
        node = new NodeFixture();
        DataCoordinator replicas = new ReadsHeldUntilReleased(node.localCoordinator());
        handler = new NodeQueryHandler(node.processorOver(replicas), executorTasks::add);
        answered(query("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"));
        answered(query("CREATE TABLE ks.t (k int PRIMARY KEY, v text)"));
        answered(query("INSERT INTO ks.t (k, v) VALUES (1, 'one')"));
    }

    @AfterEach
    void stop() {
        node.close();
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
    private final class ReadsHeldUntilReleased extends ForwardingDataCoordinator {
        private final DataCoordinator local;

        ReadsHeldUntilReleased(DataCoordinator local) {
            super(local);
            this.local = local;
        }

        @Override
        public CompletionStage<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                   ConsistencyLevel consistency) {
            CompletableFuture<PartitionData> answer = new CompletableFuture<>();
            heldReads.add(() -> local.read(table, key, filter, consistency).thenAccept(answer::complete));
            return answer;
        }
    }
}
