package io.cairn.node.query;

import io.cairn.common.time.TimeUuids;
import io.cairn.cql.ast.BatchStatement;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.coordinator.LocalDataCoordinator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A statement's stage stays pending while a replica has not answered, and completes with what
 * the answers hold once they come: execution returns at once and no thread waits (the test's
 * single thread would hang here if one did).
 */
class PendingReplicaTest {

    private NodeFixture node;
    private HeldReplicas replicas;
    private QueryProcessor processor;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int, c int, v text, l list<text>, PRIMARY KEY (k, c))");
        node.execute("INSERT INTO t (k, c, v, l) VALUES (1, 1, 'a', ['x', 'y'])");
        node.execute("INSERT INTO t (k, c, v) VALUES (1, 2, 'b')");
        node.execute("INSERT INTO t (k, c, v) VALUES (2, 1, 'c')");
        replicas = new HeldReplicas(new LocalDataCoordinator(node.storage, node.schema, "datacenter1"));
        processor = node.processorOver(replicas);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private CompletionStage<QueryResult> execute(String cql) {
        return processor.execute(cql, QueryOptions.DEFAULT, node.session());
    }

    private static List<List<String>> rows(CompletionStage<QueryResult> stage) {
        return NodeFixture.render((QueryResult.Rows) Await.result(stage));
    }

    @Test
    void aSelectIsPendingUntilTheReplicaAnswersAndThenHasItsRows() {
        CompletionStage<QueryResult> select = execute("SELECT c, v FROM t WHERE k = 1");

        assertThat(select.toCompletableFuture()).isNotDone();
        assertThat(replicas.waiting()).containsExactly("read t");

        replicas.answerNext();

        assertThat(rows(select)).containsExactly(List.of("1", "'a'"), List.of("2", "'b'"));
    }

    @Test
    void aSelectOfSeveralPartitionsReadsTheNextOnlyOnceThePreviousAnswered() {
        CompletionStage<QueryResult> select = execute("SELECT k, c FROM t WHERE k IN (1, 2)");

        assertThat(replicas.waiting()).containsExactly("read t");
        replicas.answerNext();
        assertThat(select.toCompletableFuture()).isNotDone();
        assertThat(replicas.waiting()).containsExactly("read t");
        replicas.answerNext();

        assertThat(rows(select)).containsExactly(List.of("1", "1"), List.of("1", "2"), List.of("2", "1"));
    }

    @Test
    void aPartitionLargerThanAReadChunkIsReadChunkByChunkAsEachIsAnswered() {
        for (int c = 3; c <= SelectPlan.READ_CHUNK_ROWS + 10; c++) {
            node.execute("INSERT INTO t (k, c, v) VALUES (1, " + c + ", 'r')");
        }

        CompletionStage<QueryResult> count = execute("SELECT count(*) FROM t WHERE k = 1");
        replicas.answerNext();

        assertThat(count.toCompletableFuture()).isNotDone();
        assertThat(replicas.waiting()).containsExactly("read t");
        replicas.answerNext();
        assertThat(rows(count)).containsExactly(List.of(String.valueOf(SelectPlan.READ_CHUNK_ROWS + 10)));
    }

    @Test
    void aScanIsPendingUntilTheReplicasAnswer() {
        CompletionStage<QueryResult> select = execute("SELECT k, c FROM t");

        assertThat(select.toCompletableFuture()).isNotDone();
        assertThat(replicas.waiting()).containsExactly("scan t");
        replicas.answerAll();

        assertThat(rows(select)).containsExactlyInAnyOrder(List.of("1", "1"), List.of("1", "2"), List.of("2", "1"));
    }

    @Test
    void anInsertCompletesOnlyWhenItsWriteIsAcknowledged() {
        CompletionStage<QueryResult> insert = execute("INSERT INTO t (k, c, v) VALUES (3, 1, 'd')");

        assertThat(insert.toCompletableFuture()).isNotDone();
        assertThat(replicas.waiting()).containsExactly("write t");
        assertThat(node.rows("SELECT v FROM t WHERE k = 3")).isEmpty();

        replicas.answerNext();

        assertThat(Await.result(insert)).isInstanceOf(QueryResult.Void.class);
        assertThat(node.rows("SELECT v FROM t WHERE k = 3")).containsExactly(List.of("'d'"));
    }

    @Test
    void settingAListElementByIndexReadsTheListFirstAndWritesOnlyOnceTheReadIsAnswered() {
        CompletionStage<QueryResult> update = execute("UPDATE t SET l[1] = 'z' WHERE k = 1 AND c = 1");

        assertThat(replicas.waiting()).containsExactly("read t");
        replicas.answerNext();
        assertThat(update.toCompletableFuture()).isNotDone();
        assertThat(replicas.waiting()).containsExactly("write t");
        assertThat(node.rows("SELECT l FROM t WHERE k = 1 AND c = 1")).containsExactly(List.of("['x', 'y']"));
        replicas.answerNext();

        assertThat(Await.result(update)).isInstanceOf(QueryResult.Void.class);
        assertThat(node.rows("SELECT l FROM t WHERE k = 1 AND c = 1")).containsExactly(List.of("['x', 'z']"));
    }

    @Test
    void anIndexPastTheEndOfTheListFailsTheStageOnceTheListIsRead() {
        CompletionStage<QueryResult> update = execute("UPDATE t SET l[5] = 'z' WHERE k = 1 AND c = 1");

        assertThat(update.toCompletableFuture()).isNotDone();
        replicas.answerNext();

        assertThatThrownBy(() -> Await.result(update)).isInstanceOf(CqlException.class)
                .hasMessage("List index 5 out of bound, list has size 2");
        assertThat(replicas.requests()).containsExactly("read t");
    }

    @Test
    void aLoggedBatchOfSeveralPartitionsGoesThroughTheBatchlogAndCompletesWhenItIsWritten() {
        CompletionStage<QueryResult> batch = execute("BEGIN BATCH INSERT INTO t (k, c, v) VALUES (4, 1, 'e'); "
                + "INSERT INTO t (k, c, v) VALUES (5, 1, 'f'); APPLY BATCH");

        assertThat(replicas.waiting()).containsExactly("logged batch");
        assertThat(batch.toCompletableFuture()).isNotDone();
        replicas.answerNext();

        assertThat(Await.result(batch)).isInstanceOf(QueryResult.Void.class);
        assertThat(node.rows("SELECT k, v FROM t WHERE k IN (4, 5)"))
                .containsExactly(List.of("4", "'e'"), List.of("5", "'f'"));
    }

    @Test
    void aProtocolBatchOfOnePartitionIsAPlainWrite() {
        CompletionStage<QueryResult> batch = processor.batch(BatchStatement.Type.LOGGED,
                List.of(new QueryProcessor.BatchEntry("INSERT INTO t (k, c, v) VALUES (6, 1, 'g')", null, List.of())),
                QueryOptions.DEFAULT, node.session());

        assertThat(replicas.waiting()).containsExactly("write t");
        replicas.answerNext();

        assertThat(Await.result(batch)).isInstanceOf(QueryResult.Void.class);
    }

    @Test
    void truncateCompletesWhenEveryReplicaHasTruncated() {
        CompletionStage<QueryResult> truncate = execute("TRUNCATE t");

        assertThat(truncate.toCompletableFuture()).isNotDone();
        replicas.answerNext();

        assertThat(Await.result(truncate)).isInstanceOf(QueryResult.Void.class);
        assertThat(node.rows("SELECT * FROM t")).isEmpty();
    }

    @Test
    void errorsFoundBeforeAnyReadFailTheStageRatherThanBeingThrown() {
        CompletionStage<QueryResult> select = execute("SELECT * FROM missing");

        assertThat(select.toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> Await.result(select)).isInstanceOf(CqlException.class)
                .hasMessage("table missing does not exist");
        assertThat(replicas.requests()).isEmpty();
    }

    @Test
    void aReplicaFailureFailsTheStageWithTheReplicaError() {
        CqlException unavailable = new CqlException(ErrorCode.UNAVAILABLE, "Cannot achieve consistency level ONE");
        CompletionStage<QueryResult> select = execute("SELECT k, c FROM t WHERE k IN (1, 2)");
        replicas.answerNext();

        replicas.failNext(unavailable);

        assertThatThrownBy(() -> Await.result(select)).isSameAs(unavailable);
        assertThat(replicas.waiting()).isEmpty();
    }

    @Test
    void withAnExecutorToResumeOnTheStatementContinuesThereOnceTheReplicaAnswers() {
        java.util.Queue<Runnable> resumed = new java.util.ArrayDeque<>();
        QueryProcessor resuming = new QueryProcessor(replicas, node.schema, node.clock,
                new TimeUuids(new SplittableRandom(7)), new StatementParser(), resumed::add);
        CompletionStage<QueryResult> select = resuming.execute("SELECT k, c FROM t WHERE k IN (1, 2)",
                QueryOptions.DEFAULT, node.session());

        replicas.answerNext();
        assertThat(resumed).hasSize(1);
        assertThat(replicas.waiting()).isEmpty();
        resumed.poll().run();
        assertThat(replicas.waiting()).containsExactly("read t");
        replicas.answerNext();
        assertThat(select.toCompletableFuture()).isNotDone();
        resumed.poll().run();

        assertThat(rows(select)).containsExactly(List.of("1", "1"), List.of("1", "2"), List.of("2", "1"));
        assertThat(resumed).isEmpty();
    }

    @Test
    void aNullListIndexFailsTheStageWithoutReadingTheList() {
        CompletionStage<QueryResult> update = processor.execute("UPDATE t SET l[?] = 'z' WHERE k = 1 AND c = 1",
                QueryOptions.of(new java.nio.ByteBuffer[] {null}), node.session());

        assertThatThrownBy(() -> Await.result(update)).isInstanceOf(CqlException.class)
                .hasMessage("Invalid null value for list index");
        assertThat(replicas.requests()).isEmpty();
    }
}
