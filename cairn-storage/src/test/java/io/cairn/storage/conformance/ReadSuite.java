package io.cairn.storage.conformance;

import io.cairn.storage.Cell;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.cairn.storage.conformance.Keys.bytes;
import static io.cairn.storage.conformance.Keys.clustering;
import static org.assertj.core.api.Assertions.assertThat;

/** Partition slice reads: bounds, several slices, direction, limits and column selection. */
public abstract class ReadSuite extends ConformanceSuite {

    @BeforeEach
    void tenRows() {
        for (int c = 0; c < 10; c++) {
            apply(insert(P1, clustering(c), 10, "a", "a" + c, "b", "b" + c));
        }
        apply(insert(P2, clustering(0), 10, "a", "other partition"));
    }

    private List<Integer> rows(Slice... slices) {
        return clusterings(read(P1, all().withSlices(List.of(slices))));
    }

    @Test
    void inclusiveAndExclusiveBoundsAreHonoured() {
        assertThat(rows(Keys.closed(clustering(2), clustering(4)))).containsExactly(2, 3, 4);
        assertThat(rows(Keys.open(clustering(2), clustering(4)))).containsExactly(3);
        assertThat(rows(new Slice(ClusteringBound.inclusive(clustering(2)), ClusteringBound.exclusive(clustering(4)))))
                .containsExactly(2, 3);
        assertThat(rows(new Slice(ClusteringBound.exclusive(clustering(2)), ClusteringBound.inclusive(clustering(4)))))
                .containsExactly(3, 4);
    }

    @Test
    void openEndsReachTheFirstAndLastRows() {
        assertThat(rows(new Slice(ClusteringBound.OPEN, ClusteringBound.exclusive(clustering(3)))))
                .containsExactly(0, 1, 2);
        assertThat(rows(new Slice(ClusteringBound.exclusive(clustering(7)), ClusteringBound.OPEN)))
                .containsExactly(8, 9);
        assertThat(rows(Slice.ALL)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void severalSlicesReadInOrderInBothDirections() {
        List<Slice> slices = List.of(Keys.closed(clustering(1), clustering(2)), Slice.prefixedBy(clustering(5)),
                new Slice(ClusteringBound.exclusive(clustering(7)), ClusteringBound.OPEN));

        assertThat(clusterings(read(P1, all().withSlices(slices)))).containsExactly(1, 2, 5, 8, 9);
        assertThat(clusterings(read(P1, all().withSlices(slices).reversed(true)))).containsExactly(9, 8, 5, 2, 1);
    }

    @Test
    void reverseReadsReturnRowsInDescendingOrderWithTheirCells() {
        PartitionData data = read(P1, all().reversed(true).withSlices(List.of(Keys.closed(clustering(3), clustering(6)))));

        assertThat(clusterings(data)).containsExactly(6, 5, 4, 3);
        assertThat(values(data.rows().get(0))).containsExactly(Map.entry("a", "a6"), Map.entry("b", "b6"));
    }

    @Test
    void limitsCountLiveRowsOnly() {
        apply(deleteRow(P1, clustering(1), 20));
        apply(deleteRow(P1, clustering(2), 20));

        assertThat(clusterings(read(P1, all().withRowLimit(3)))).containsExactly(0, 3, 4);
        assertThat(clusterings(read(P1, all().withRowLimit(3).reversed(true)))).containsExactly(9, 8, 7);
        assertThat(clusterings(read(P1, all().withPerPartitionLimit(2)))).containsExactly(0, 3);
    }

    @Test
    void columnSelectionTrimsCellsButKeepsRowsAliveByOtherColumns() {
        apply(PartitionUpdate.builder(P1).row(Row.builder(clustering(20)).cell(Cell.live("b", bytes("only b"), 10)).build()).build());

        PartitionData data = read(P1, all().withColumns(Set.of("a")).withSlices(List.of(Keys.closed(clustering(9), clustering(20)))));

        assertThat(table(data)).containsExactly(Map.entry(9, Map.of("a", "a9")), Map.entry(20, Map.of()));
    }

    @Test
    void cellsOfADroppedColumnWrittenUntilItsDropAreNotReadAndKeepNoRowAlive() {
        apply(PartitionUpdate.builder(P1).row(Row.builder(clustering(20)).cell(Cell.live("b", bytes("only b"), 10)).build()).build());
        apply(PartitionUpdate.builder(P1).row(Row.builder(clustering(21)).cell(Cell.live("b", bytes("later b"), 30)).build()).build());

        PartitionData data = read(P1, all().withDroppedColumns(Map.of("b", 20L))
                .withSlices(List.of(Keys.closed(clustering(9), clustering(21)))));

        assertThat(table(data)).containsExactly(Map.entry(9, Map.of("a", "a9")), Map.entry(21, Map.of("b", "later b")));
    }

    @Test
    void anAbsentPartitionReadsAsEmpty() {
        PartitionData data = read(Keys.partition(100, "no such partition"));

        assertThat(data.isEmpty()).isTrue();
    }

    @Test
    void partitionsSharingATokenStaySeparate() {
        apply(insert(Keys.partition(100, "p1-twin"), clustering(0), 10, "a", "twin"));

        assertThat(read(P1).rows()).hasSize(10);
        assertThat(table(read(Keys.partition(100, "p1-twin")))).containsExactly(Map.entry(0, Map.of("a", "twin")));
    }

    @Test
    void keysHoldingZeroBytesAreKeptApart() {
        var zeroKey = new io.cairn.storage.PartitionKey(5, new byte[] {0, 0, 1});
        var shorterKey = new io.cairn.storage.PartitionKey(5, new byte[] {0});
        apply(insert(zeroKey, clustering(0), 10, "a", "zeros"));
        apply(insert(shorterKey, clustering(0), 10, "a", "short"));

        assertThat(table(read(zeroKey))).containsExactly(Map.entry(0, Map.of("a", "zeros")));
        assertThat(table(read(shorterKey))).containsExactly(Map.entry(0, Map.of("a", "short")));
    }

    @Test
    void aRowWithOnlyAMarkerIsReturnedWithNoCells() {
        apply(PartitionUpdate.builder(P2).row(Row.builder(clustering(5)).liveness(Liveness.of(10)).build()).build());

        PartitionData data = read(P2, ReadFilter.all(nowSeconds()).withSlices(List.of(Slice.prefixedBy(clustering(5)))));

        assertThat(data.rows()).singleElement().satisfies(row -> assertThat(row.cells()).isEmpty());
    }
}
