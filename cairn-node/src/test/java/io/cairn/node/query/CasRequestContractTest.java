package io.cairn.node.query;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.coordinator.CasRequest;
import io.cairn.node.coordinator.CasResult;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.RangeDeletion;
import io.cairn.storage.Row;
import io.cairn.storage.ReadFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the query layer hands a coordinator's Paxos: a CasRequest whose decide is a pure
 * function of the rows read and the ballot's time, and whose update carries that time
 * everywhere, so that a coordinator may call it again on newer data with a newer ballot.
 */
class CasRequestContractTest {

    private static final long BALLOT_MICROS = 1_800_000_000_000_000L;

    private NodeFixture node;
    private QueryProcessor processor;
    private final List<PartitionUpdate> decided = new ArrayList<>();
    private final List<CasRequest> requests = new ArrayList<>();

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE e (k int, c int, v int, t text, s int static, PRIMARY KEY (k, c))");
        DataCoordinator deciding = new ForwardingDataCoordinator(node.localCoordinator()) {
            @Override
            public CompletionStage<CasResult> cas(TableMetadata table, PartitionKey key, CasRequest request,
                                                  ConsistencyLevel serial, ConsistencyLevel commit) {
                requests.add(request);
                PartitionData current = node.storage.read(table.tableId(), key, request.readFilter());
                PartitionUpdate first = request.decide(current, BALLOT_MICROS, BALLOT_MICROS / 1_000_000L);
                PartitionUpdate again = request.decide(current, BALLOT_MICROS, BALLOT_MICROS / 1_000_000L);
                assertThat(again).isEqualTo(first);
                if (first == null) {
                    return CompletableFuture.completedFuture(new CasResult(false, current));
                }
                decided.add(first);
                node.storage.apply(table.tableId(), first);
                return CompletableFuture.completedFuture(new CasResult(true, current));
            }
        };
        processor = node.processorOver(deciding);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private QueryResult run(String cql) {
        return Await.result(processor.execute(cql, QueryOptions.DEFAULT, node.session()));
    }

    private static List<Long> timestamps(PartitionUpdate update) {
        List<Long> times = new ArrayList<>();
        if (update.partitionDeletion() != null) {
            times.add(update.partitionDeletion().timestampMicros());
        }
        for (RangeDeletion range : update.rangeDeletions()) {
            times.add(range.deletion().timestampMicros());
        }
        List<Row> rows = new ArrayList<>(update.rows());
        if (update.staticRow() != null) {
            rows.add(update.staticRow());
        }
        for (Row row : rows) {
            if (row.liveness() != null) {
                times.add(row.liveness().timestampMicros());
            }
            if (row.deletion() != null) {
                times.add(row.deletion().timestampMicros());
            }
            for (Cell cell : row.cells()) {
                times.add(cell.timestampMicros());
            }
        }
        return times;
    }

    @Test
    void everyPartOfADecidedUpdateIsAtTheBallotsTime() {
        run("INSERT INTO e (k, c, v, t) VALUES (1, 1, 10, 'x') IF NOT EXISTS");
        run("BEGIN BATCH UPDATE e SET v = 11, t = null WHERE k = 1 AND c = 1 IF v = 10; "
                + "UPDATE e SET s = 5 WHERE k = 1; DELETE FROM e WHERE k = 1 AND c = 2; APPLY BATCH");

        assertThat(decided).hasSize(2);
        for (PartitionUpdate update : decided) {
            assertThat(timestamps(update)).isNotEmpty().containsOnly(BALLOT_MICROS);
        }
        PartitionUpdate batch = decided.get(1);
        assertThat(batch.staticRow()).isNotNull();
        assertThat(batch.rows()).hasSize(2);
    }

    @Test
    void aConditionThatDoesNotHoldDecidesNothingAndReadsOnlyTheConditionRows() {
        run("INSERT INTO e (k, c, v) VALUES (1, 1, 10)");
        QueryResult result = run("UPDATE e SET v = 11 WHERE k = 1 AND c = 1 IF v = 9");

        assertThat(decided).isEmpty();
        assertThat(NodeFixture.render((QueryResult.Rows) result)).containsExactly(List.of("false", "10"));
        ReadFilter filter = requests.get(0).readFilter();
        assertThat(filter.slices()).hasSize(1);
        assertThat(filter.selects("v")).isTrue();
        assertThat(filter.selects("s")).isFalse();
    }
}
