package io.cairn.storage.conformance;

import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.cairn.storage.conformance.Keys.bytes;
import static io.cairn.storage.conformance.Keys.clustering;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Token range scans, their paging, and raw exports for repair and streaming. */
public abstract class ScanSuite extends ConformanceSuite {

    private static final long[] TOKENS = {Long.MIN_VALUE + 1, -1000, -1, 0, 1, 1000, Long.MAX_VALUE};

    private void onePartitionPerToken(int rowsEach) {
        for (long token : TOKENS) {
            for (int c = 0; c < rowsEach; c++) {
                apply(insert(Keys.partition(token, "k" + token), clustering(c), 10, "a", token + ":" + c));
            }
        }
    }

    private List<Long> tokens(ScanPage page) {
        List<Long> tokens = new ArrayList<>();
        page.partitions().forEach(partition -> tokens.add(partition.key().token()));
        return tokens;
    }

    @Test
    void fullScanReturnsPartitionsInTokenOrder() {
        onePartitionPerToken(1);

        ScanPage page = engine().scan(TABLE, TokenRange.FULL, null, all());

        assertThat(tokens(page)).containsExactly(Long.MIN_VALUE + 1, -1000L, -1L, 0L, 1L, 1000L, Long.MAX_VALUE);
        assertThat(page.hasMorePages()).isFalse();
    }

    @Test
    void rangeEndsAreInclusiveOrExclusiveAsAsked() {
        onePartitionPerToken(1);

        assertThat(tokens(engine().scan(TABLE, new TokenRange(-1, true, 1, true), null, all()))).containsExactly(-1L, 0L, 1L);
        assertThat(tokens(engine().scan(TABLE, new TokenRange(-1, false, 1, false), null, all()))).containsExactly(0L);
        assertThat(tokens(engine().scan(TABLE, TokenRange.openClosed(-1000, 1000), null, all())))
                .containsExactly(-1L, 0L, 1L, 1000L);
        assertThat(tokens(engine().scan(TABLE, TokenRange.openClosed(Long.MAX_VALUE, Long.MAX_VALUE), null, all())))
                .isEmpty();
    }

    @Test
    void pagingResumesExactlyEvenWithWritesInBetween() {
        onePartitionPerToken(5);
        List<String> seen = new ArrayList<>();
        ScanPosition position = null;
        int pages = 0;
        do {
            ScanPage page = engine().scan(TABLE, TokenRange.FULL, position, all().withRowLimit(3));
            for (PartitionData partition : page.partitions()) {
                partition.rows().forEach(row -> seen.add(values(row).get("a")));
            }
            position = page.next();
            pages++;
            // A write behind the scan's position, one ahead of it, and a deletion ahead of it.
            apply(insert(Keys.partition(Long.MIN_VALUE + 1, "k" + (Long.MIN_VALUE + 1)), clustering(-pages), 10,
                    "a", "behind"));
            if (pages == 3) {
                apply(insert(Keys.partition(1000, "k1000"), clustering(99), 10, "a", "ahead"));
                apply(deleteRow(Keys.partition(Long.MAX_VALUE, "k" + Long.MAX_VALUE), clustering(4), 20));
            }
        } while (position != null && pages < 100);

        List<String> expected = new ArrayList<>();
        for (long token : TOKENS) {
            for (int c = 0; c < 5; c++) {
                if (!(token == Long.MAX_VALUE && c == 4)) {
                    expected.add(token + ":" + c);
                }
            }
            if (token == 1000) {
                expected.add("ahead");
            }
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void scanAppliesSlicesAndPerPartitionLimits() {
        onePartitionPerToken(5);

        ScanPage page = engine().scan(TABLE, TokenRange.FULL, null,
                all().withSlices(List.of(Keys.closed(clustering(1), clustering(3)))).withPerPartitionLimit(2));

        assertThat(page.partitions()).hasSize(TOKENS.length)
                .allSatisfy(partition -> assertThat(clusterings(partition)).containsExactly(1, 2));
    }

    @Test
    void aPartitionWithOnlyStaticCellsIsScannedAndCountsAsOneRow() {
        apply(PartitionUpdate.builder(P1)
                .staticRow(Row.builder(Clustering.EMPTY).cell(Cell.live("s", bytes("static"), 10)).build()).build());
        apply(insert(P2, clustering(1), 10, "a", "x"));

        ScanPage first = engine().scan(TABLE, TokenRange.FULL, null, all().withRowLimit(1));
        ScanPage second = engine().scan(TABLE, TokenRange.FULL, first.next(), all().withRowLimit(1));

        assertThat(first.partitions()).singleElement().satisfies(partition -> {
            assertThat(partition.key()).isEqualTo(P1);
            assertThat(partition.rows()).isEmpty();
            assertThat(values(partition.staticRow())).containsEntry("s", "static");
        });
        assertThat(second.partitions()).singleElement().satisfies(partition -> assertThat(partition.key()).isEqualTo(P2));
    }

    @Test
    void reversedScansAreRefused() {
        assertThatThrownBy(() -> engine().scan(TABLE, TokenRange.FULL, null, all().reversed(true)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exportReproducesTheSameReadsWhenAppliedToAnotherTable() {
        onePartitionPerToken(3);
        apply(deleteRow(Keys.partition(0, "k0"), clustering(1), 20));
        apply(PartitionUpdate.builder(Keys.partition(1, "k1")).deletePartition(deletionAt(5))
                .deleteRange(Keys.closed(clustering(2), clustering(2)), deletionAt(30)).build());
        var copy = new io.cairn.storage.TableId("shop", "orders_copy");
        engine().createTable(copy, io.cairn.storage.TableOptions.DEFAULTS);

        PartitionKey resume = null;
        int pages = 0;
        do {
            UpdatePage page = engine().export(TABLE, TokenRange.FULL, resume, 2);
            page.updates().forEach(update -> engine().apply(copy, update));
            resume = page.resumeAfter();
            pages++;
        } while (resume != null);

        assertThat(pages).isEqualTo(4);
        assertThat(engine().scan(copy, TokenRange.FULL, null, all()))
                .isEqualTo(engine().scan(TABLE, TokenRange.FULL, null, all()));
        assertThat(engine().export(copy, TokenRange.FULL, null, 100))
                .isEqualTo(engine().export(TABLE, TokenRange.FULL, null, 100));
    }

    @Test
    void exportOfATokenRangeStopsAtItsEnd() {
        onePartitionPerToken(1);

        UpdatePage page = engine().export(TABLE, TokenRange.openClosed(-1000, 1), null, 100);

        assertThat(page.updates()).extracting(update -> update.key().token()).containsExactly(-1L, 0L, 1L);
        assertThat(page.resumeAfter()).isNull();
    }
}
