package io.cairn.storage.conformance;

import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.cairn.storage.conformance.Keys.bytes;
import static io.cairn.storage.conformance.Keys.clustering;
import static org.assertj.core.api.Assertions.assertThat;

/** Cassandra's write reconciliation and deletion rules, as every engine must apply them. */
public abstract class ReconciliationSuite extends ConformanceSuite {

    @Test
    void insertedRowExistsEvenWhenAllItsColumnsAreNull() {
        apply(insert(P1, clustering(1), 10));

        PartitionData data = read(P1);

        assertThat(data.rows()).hasSize(1);
        assertThat(data.rows().get(0).cells()).isEmpty();
        assertThat(data.rows().get(0).liveness()).isEqualTo(Liveness.of(10));
    }

    @Test
    void updatedRowDisappearsWhenItsOnlyCellIsDeleted() {
        apply(cells(P1, clustering(1), 10, "a", "x"));
        apply(PartitionUpdate.builder(P1)
                .row(Row.builder(clustering(1)).cell(Cell.tombstone("a", 11, nowSeconds())).build()).build());

        assertThat(read(P1).rows()).isEmpty();
    }

    @Test
    void insertedRowSurvivesTheDeletionOfItsOnlyCell() {
        apply(insert(P1, clustering(1), 10, "a", "x"));
        apply(PartitionUpdate.builder(P1)
                .row(Row.builder(clustering(1)).cell(Cell.tombstone("a", 11, nowSeconds())).build()).build());

        assertThat(table(read(P1))).containsExactly(Map.entry(1, Map.of()));
    }

    @Test
    void olderTimestampLosesEvenWhenAppliedLast() {
        apply(cells(P1, clustering(1), 20, "a", "newer"));
        apply(cells(P1, clustering(1), 10, "a", "older"));

        assertThat(table(read(P1))).containsExactly(Map.entry(1, Map.of("a", "newer")));
    }

    @Test
    void tombstoneWinsATimestampTie() {
        apply(PartitionUpdate.builder(P1)
                .row(Row.builder(clustering(1)).cell(Cell.tombstone("a", 10, nowSeconds())).build()).build());
        apply(cells(P1, clustering(1), 10, "a", "same time"));

        assertThat(read(P1).rows()).isEmpty();
    }

    @Test
    void expiringCellWinsATimestampTieWithALiveCell() {
        long expiry = nowSeconds() + 100;
        apply(PartitionUpdate.builder(P1).row(Row.builder(clustering(1))
                .cell(Cell.expiring("a", bytes("aaa"), 10, 100, expiry)).build()).build());
        apply(cells(P1, clustering(1), 10, "a", "zzz"));

        Cell cell = read(P1).rows().get(0).cell("a");
        assertThat(cell.kind()).isEqualTo(CellKind.EXPIRING);
        assertThat(Keys.text(cell.value())).isEqualTo("aaa");
    }

    @Test
    void greaterValueWinsAFullTieInAnyOrder() {
        apply(cells(P1, clustering(1), 10, "a", "b"));
        apply(cells(P1, clustering(1), 10, "a", "c"));
        apply(cells(P1, clustering(1), 10, "a", "a"));
        apply(cells(P2, clustering(1), 10, "a", "c"));
        apply(cells(P2, clustering(1), 10, "a", "b"));

        assertThat(table(read(P1))).containsExactly(Map.entry(1, Map.of("a", "c")));
        assertThat(table(read(P2))).containsExactly(Map.entry(1, Map.of("a", "c")));
    }

    @Test
    void readsReturnEachCellsTimestampAndTtl() {
        long expiry = nowSeconds() + 3600;
        apply(PartitionUpdate.builder(P1).row(Row.builder(clustering(1))
                .cell(Cell.live("a", bytes("x"), 1234))
                .cell(Cell.expiring("b", bytes("y"), 5678, 3600, expiry)).build()).build());

        Row row = read(P1).rows().get(0);

        assertThat(row.cell("a").timestampMicros()).isEqualTo(1234);
        assertThat(row.cell("a").ttlSeconds()).isZero();
        assertThat(row.cell("b").timestampMicros()).isEqualTo(5678);
        assertThat(row.cell("b").ttlSeconds()).isEqualTo(3600);
        assertThat(row.cell("b").localDeletionTimeSeconds()).isEqualTo(expiry);
    }

    @Test
    void expiredCellsReadAsAbsentAndTheirRowGoesWithThem() {
        long now = nowSeconds();
        apply(PartitionUpdate.builder(P1).row(Row.builder(clustering(1))
                .liveness(Liveness.expiring(10, 60, now + 60))
                .cell(Cell.expiring("a", bytes("x"), 10, 60, now + 60)).build()).build());
        apply(PartitionUpdate.builder(P1).row(Row.builder(clustering(2))
                .liveness(Liveness.expiring(10, 60, now + 60))
                .cell(Cell.live("a", bytes("kept"), 11)).build()).build());

        assertThat(clusterings(read(P1, all()))).containsExactly(1, 2);

        PartitionData afterExpiry = engine().read(TABLE, P1, io.cairn.storage.ReadFilter.all(now + 60));
        assertThat(table(afterExpiry)).containsExactly(Map.entry(2, Map.of("a", "kept")));
        assertThat(afterExpiry.rows().get(0).liveness()).isNull();
    }

    @Test
    void rowDeletionShadowsOlderWritesButNotNewerOnes() {
        apply(insert(P1, clustering(1), 10, "a", "old", "b", "old"));
        apply(deleteRow(P1, clustering(1), 15));
        apply(cells(P1, clustering(1), 20, "b", "new"));
        apply(cells(P1, clustering(1), 15, "a", "same timestamp as the deletion"));

        PartitionData data = read(P1);

        assertThat(table(data)).containsExactly(Map.entry(1, Map.of("b", "new")));
        assertThat(data.rows().get(0).liveness()).isNull();
    }

    @Test
    void rowDeletionIsNotUndoneByALaterMarkerWithAHigherTimestamp() {
        apply(cells(P1, clustering(1), 5, "b", "before deletion"));
        apply(deleteRow(P1, clustering(1), 10));
        apply(insert(P1, clustering(1), 20, "a", "after"));

        assertThat(table(read(P1))).containsExactly(Map.entry(1, Map.of("a", "after")));
    }

    @Test
    void partitionDeletionShadowsRowsAndStaticCells() {
        apply(PartitionUpdate.builder(P1)
                .staticRow(Row.builder(io.cairn.storage.Clustering.EMPTY).cell(Cell.live("s", bytes("st"), 10)).build())
                .row(Row.builder(clustering(1)).liveness(Liveness.of(10)).cell(Cell.live("a", bytes("x"), 10)).build())
                .row(Row.builder(clustering(2)).cell(Cell.live("a", bytes("y"), 30)).build())
                .build());
        apply(PartitionUpdate.builder(P1).deletePartition(deletionAt(20)).build());

        PartitionData data = read(P1);

        assertThat(data.staticRow()).isNull();
        assertThat(table(data)).containsExactly(Map.entry(2, Map.of("a", "y")));
    }

    @Test
    void rangeDeletionCoversExactlyItsBounds() {
        for (int c = 1; c <= 6; c++) {
            apply(insert(P1, clustering(c), 10, "a", "v" + c));
        }
        apply(PartitionUpdate.builder(P1)
                .deleteRange(Keys.closed(clustering(2), clustering(3)), deletionAt(20))
                .deleteRange(new Slice(io.cairn.storage.ClusteringBound.exclusive(clustering(4)),
                        io.cairn.storage.ClusteringBound.exclusive(clustering(6))), deletionAt(20))
                .build());

        assertThat(clusterings(read(P1))).containsExactly(1, 4, 6);
    }

    @Test
    void rangeDeletionOnAClusteringPrefixCoversEveryRowUnderIt() {
        for (int a = 1; a <= 3; a++) {
            for (int b = 1; b <= 3; b++) {
                apply(insert(P1, clustering(a, b), 10, "v", a + ":" + b));
            }
        }
        apply(PartitionUpdate.builder(P1).deleteRange(Slice.prefixedBy(clustering(2)), deletionAt(20)).build());
        apply(PartitionUpdate.builder(P1).deleteRange(new Slice(io.cairn.storage.ClusteringBound.exclusive(clustering(3)),
                io.cairn.storage.ClusteringBound.OPEN), deletionAt(20)).build());
        apply(PartitionUpdate.builder(P1).deleteRange(new Slice(io.cairn.storage.ClusteringBound.OPEN,
                io.cairn.storage.ClusteringBound.exclusive(clustering(1, 2))), deletionAt(20)).build());

        assertThat(read(P1).rows()).extracting(row -> values(row).get("v"))
                .containsExactly("1:2", "1:3", "3:1", "3:2", "3:3");
    }

    @Test
    void rangeDeletionDoesNotShadowNewerWrites() {
        apply(insert(P1, clustering(1), 10, "a", "old"));
        apply(PartitionUpdate.builder(P1).deleteRange(Slice.ALL, deletionAt(20)).build());
        apply(insert(P1, clustering(2), 30, "a", "new"));

        assertThat(table(read(P1))).containsExactly(Map.entry(2, Map.of("a", "new")));
    }

    @Test
    void columnDeletionShadowsOlderCollectionElementsOnly() {
        apply(PartitionUpdate.builder(P1).row(Row.builder(clustering(1))
                .cell(Cell.live("tags", new byte[0], 10).atPath(bytes("red")))
                .cell(Cell.live("tags", new byte[0], 10).atPath(bytes("blue")))
                .cell(Cell.live("a", bytes("x"), 10)).build()).build());
        // SET tags = {'green'}: a column deletion just below the new elements' timestamp.
        apply(PartitionUpdate.builder(P1).row(Row.builder(clustering(1))
                .deleteColumn("tags", new Deletion(19, nowSeconds()))
                .cell(Cell.live("tags", new byte[0], 20).atPath(bytes("green"))).build()).build());

        Row row = read(P1).rows().get(0);

        assertThat(row.cells()).extracting(cell -> cell.column() + (cell.path() == null ? "" : "/" + Keys.text(cell.path())))
                .containsExactly("a", "tags/green");
    }

    @Test
    void staticCellsAreReadWithTheirPartitionAndSurviveRowDeletions() {
        apply(PartitionUpdate.builder(P1)
                .staticRow(Row.builder(io.cairn.storage.Clustering.EMPTY).cell(Cell.live("s", bytes("st"), 10)).build())
                .row(Row.builder(clustering(1)).liveness(Liveness.of(10)).build())
                .build());
        apply(deleteRow(P1, clustering(1), 20));
        apply(PartitionUpdate.builder(P1).deleteRange(Slice.ALL, deletionAt(20)).build());

        PartitionData data = read(P1);

        assertThat(data.rows()).isEmpty();
        assertThat(values(data.staticRow())).containsExactly(Map.entry("s", "st"));
    }

    @Test
    void duplicatedUpdatesChangeNothing() {
        PartitionUpdate update = insert(P1, clustering(1), 10, "a", "x");
        PartitionUpdate deletion = deleteRow(P1, clustering(1), 5);
        apply(update);
        apply(deletion);
        apply(update);
        apply(deletion);

        assertThat(table(read(P1))).containsExactly(Map.entry(1, Map.of("a", "x")));
    }
}
