package io.cairn.storage.conformance;

import io.cairn.storage.Cell;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.PurgeResult;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.TableOptions;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;
import io.cairn.storage.kv.KvEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.cairn.storage.conformance.Keys.bytes;
import static io.cairn.storage.conformance.Keys.clustering;
import static org.assertj.core.api.Assertions.assertThat;

/** The purge sweep drops only what no read can see, and never a racing write. */
public abstract class PurgeSuite extends ConformanceSuite {

    private static final int GC_GRACE_SECONDS = 3_600;

    private void shortGcGrace() {
        engine().alterTable(TABLE, new TableOptions(GC_GRACE_SECONDS));
    }

    private List<PartitionUpdate> stored() {
        return engine().export(TABLE, TokenRange.FULL, null, 1_000).updates();
    }

    @Test
    void cellsOfADroppedColumnWrittenUntilItsDropGoAtOnce() {
        apply(insert(P1, clustering(1), 10, "a", "x", "b", "old"));
        apply(PartitionUpdate.builder(P1).row(Row.builder(clustering(2)).cell(Cell.live("b", bytes("only b"), 10)).build())
                .row(Row.builder(clustering(3)).cell(Cell.live("b", bytes("new b"), 30)).build()).build());
        engine().alterTable(TABLE, new TableOptions(GC_GRACE_SECONDS, Map.of("b", 20L)));

        PurgeResult result = engine().purge(TABLE);

        assertThat(result.purgedShadowed()).isEqualTo(2);
        assertThat(table(read(P1))).containsExactly(Map.entry(1, Map.of("a", "x")), Map.entry(3, Map.of("b", "new b")));
    }

    @Test
    void shadowedCellsGoAtOnceAndTheTombstoneStaysUntilGcGrace() {
        shortGcGrace();
        apply(insert(P1, clustering(1), 10, "a", "x", "b", "y"));
        apply(deleteRow(P1, clustering(1), 20));
        ScanPage before = engine().scan(TABLE, TokenRange.FULL, null, all());

        PurgeResult first = engine().purge(TABLE);

        assertThat(first.purgedShadowed()).isEqualTo(3);
        assertThat(first.purgedTombstones()).isZero();
        assertThat(stored()).singleElement().satisfies(update -> {
            assertThat(update.rows()).singleElement().satisfies(row -> {
                assertThat(row.deletion()).isNotNull();
                assertThat(row.cells()).isEmpty();
                assertThat(row.liveness()).isNull();
            });
        });
        assertThat(engine().scan(TABLE, TokenRange.FULL, null, all())).isEqualTo(before);

        fixture.clock().advance(Duration.ofSeconds(GC_GRACE_SECONDS + 1));
        PurgeResult second = engine().purge(TABLE);

        assertThat(second.purgedTombstones()).isEqualTo(1);
        assertThat(stored()).isEmpty();
    }

    @Test
    void aTableThatPurgesAfterRepairKeepsATombstoneUntilARepairOfItsTokenStartedMoreThanGcGraceAfterTheDeletion() {
        engine().alterTable(TABLE, new TableOptions(GC_GRACE_SECONDS).withPurgeAfterRepair(true));
        apply(insert(P1, clustering(1), 10, "a", "x"));
        apply(deleteRow(P1, clustering(1), 20));
        apply(insert(P2, clustering(1), 10, "a", "y"));
        apply(deleteRow(P2, clustering(1), 20));
        long deleted = nowSeconds();
        fixture.clock().advance(Duration.ofSeconds(GC_GRACE_SECONDS + 1));

        assertThat(engine().purge(TABLE).purgedTombstones()).as("never repaired").isZero();

        engine().markRepaired(TABLE, TokenRange.openClosed(P1.token() - 1, P1.token()), deleted + GC_GRACE_SECONDS);
        assertThat(engine().purge(TABLE).purgedTombstones())
                .as("repaired by a repair that started no more than gc grace after the deletion").isZero();

        engine().markRepaired(TABLE, TokenRange.openClosed(P1.token() - 1, P1.token()), deleted + GC_GRACE_SECONDS + 1);
        assertThat(engine().purge(TABLE).purgedTombstones())
                .as("P1's token repaired by a repair that started more than gc grace after the deletion").isEqualTo(1);
        assertThat(stored()).extracting(PartitionUpdate::key).containsExactly(P2);

        engine().markRepaired(TABLE, TokenRange.FULL, nowSeconds());
        engine().alterTable(TABLE, new TableOptions(GC_GRACE_SECONDS + 3_600).withPurgeAfterRepair(true));
        assertThat(engine().purge(TABLE).purgedTombstones()).as("repaired, but gc grace has not passed").isZero();
        engine().alterTable(TABLE, new TableOptions(GC_GRACE_SECONDS).withPurgeAfterRepair(true));
        assertThat(engine().purge(TABLE).purgedTombstones()).isEqualTo(1);
        assertThat(stored()).isEmpty();
    }

    @Test
    void aTableThatDoesNotWaitForRepairPurgesOnGcGraceAlone() {
        shortGcGrace();
        apply(insert(P1, clustering(1), 10, "a", "x"));
        apply(deleteRow(P1, clustering(1), 20));
        fixture.clock().advance(Duration.ofSeconds(GC_GRACE_SECONDS + 1));

        assertThat(engine().repaired(TABLE)).isEqualTo(io.cairn.storage.RepairedRanges.NONE);
        assertThat(engine().purge(TABLE).purgedTombstones()).isEqualTo(1);
    }

    @Test
    void aSweepOverMorePartitionsThanOneChunkReadsPurgesThemAll() {
        shortGcGrace();
        int partitions = 2_500;
        for (int i = 0; i < partitions; i++) {
            PartitionKey key = Keys.partition(Long.MIN_VALUE / partitions * (partitions - 2L * i), "key" + i);
            apply(insert(key, clustering(1), 10, "a", "gone"));
            if (i % 2 == 0) {
                apply(deleteRow(key, clustering(1), 20));
            }
        }

        PurgeResult first = engine().purge(TABLE);
        fixture.clock().advance(Duration.ofSeconds(GC_GRACE_SECONDS + 1));
        PurgeResult second = engine().purge(TABLE);

        assertThat(first.purgedShadowed()).as("cells and markers under the row deletions").isEqualTo(partitions);
        assertThat(second.purgedTombstones()).as("the row deletions, past gc grace").isEqualTo(partitions / 2);
        assertThat(engine().export(TABLE, TokenRange.FULL, null, partitions).updates()).hasSize(partitions / 2);
    }

    @Test
    void expiredCellsArePurgedOnceGcGraceHasPassedSinceTheirWrite() {
        shortGcGrace();
        long now = nowSeconds();
        apply(PartitionUpdate.builder(P1).row(Row.builder(clustering(1))
                .cell(Cell.expiring("a", bytes("short-lived"), 10, 60, now + 60))
                .cell(Cell.live("b", bytes("kept"), 10)).build()).build());

        fixture.clock().advance(Duration.ofSeconds(120));
        assertThat(engine().purge(TABLE).purgedTombstones()).isZero();

        fixture.clock().advance(Duration.ofSeconds(GC_GRACE_SECONDS));
        assertThat(engine().purge(TABLE).purgedTombstones()).isEqualTo(1);
        assertThat(table(read(P1))).containsExactly(Map.entry(1, Map.of("b", "kept")));
        assertThat(stored().get(0).rows().get(0).cells()).extracting(Cell::column).containsExactly("b");
    }

    @Test
    void partitionAndRangeDeletionsPurgeWhatTheyShadowAndThenThemselves() {
        shortGcGrace();
        for (int c = 0; c < 10; c++) {
            apply(insert(P1, clustering(c), 10, "a", "v" + c));
        }
        apply(PartitionUpdate.builder(P1).deleteRange(Keys.closed(clustering(2), clustering(4)), deletionAt(20)).build());
        apply(insert(P2, clustering(0), 10, "a", "x"));
        apply(PartitionUpdate.builder(P2).deletePartition(deletionAt(20)).build());
        apply(insert(P2, clustering(1), 30, "a", "newer than the deletion"));

        PurgeResult result = engine().purge(TABLE);

        assertThat(result.purgedShadowed()).isEqualTo(3 * 2 + 2);
        assertThat(clusterings(read(P1))).containsExactly(0, 1, 5, 6, 7, 8, 9);
        assertThat(table(read(P2))).containsExactly(Map.entry(1, Map.of("a", "newer than the deletion")));

        fixture.clock().advance(Duration.ofSeconds(GC_GRACE_SECONDS + 1));
        assertThat(engine().purge(TABLE).purgedTombstones()).isEqualTo(2);
        assertThat(stored()).allSatisfy(update -> {
            assertThat(update.partitionDeletion()).isNull();
            assertThat(update.rangeDeletions()).isEmpty();
        });
        assertThat(clusterings(read(P1))).containsExactly(0, 1, 5, 6, 7, 8, 9);
    }

    @Test
    void aWriteRacingWithTheSweepIsNeverDeleted() {
        apply(insert(P1, clustering(1), 10, "a", "x"));
        String family = TABLE.toString();
        List<KvEntry> seenBySweep = fixture.store().read(family, io.cairn.storage.kv.ReadScope.ANY, cursor -> {
            cursor.seek(new byte[0]);
            List<KvEntry> entries = new java.util.ArrayList<>();
            while (cursor.isValid()) {
                entries.add(new KvEntry(cursor.key(), cursor.value()));
                cursor.next();
            }
            return entries;
        });
        apply(insert(P1, clustering(1), 20, "a", "raced"));

        int deleted = fixture.store().deleteIfUnchanged(family, seenBySweep);

        assertThat(deleted).isZero();
        assertThat(table(read(P1))).containsExactly(Map.entry(1, Map.of("a", "raced")));
    }

    @Test
    void purgeLeavesLiveDataAlone() {
        shortGcGrace();
        for (int c = 0; c < 50; c++) {
            apply(insert(P1, clustering(c), 10, "a", "v" + c));
        }
        UpdatePage before = engine().export(TABLE, TokenRange.FULL, null, 10);
        fixture.clock().advance(Duration.ofDays(30));

        assertThat(engine().purge(TABLE)).isEqualTo(PurgeResult.NONE);
        assertThat(engine().export(TABLE, TokenRange.FULL, null, 10)).isEqualTo(before);
    }

    @Test
    void sweepsRunningDuringWritesLoseNoWrite() throws Exception {
        engine().alterTable(TABLE, new TableOptions(0));
        int partitions = 20;
        int writesPerThread = 1_500;
        for (int p = 0; p < partitions; p++) {
            apply(insert(Keys.partition(p, "k" + p), clustering(1), 1, "a", "old"));
            apply(deleteRow(Keys.partition(p, "k" + p), clustering(1), 2));
        }
        fixture.clock().advance(Duration.ofSeconds(1));
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                int column = thread;
                done.add(writers.submit(() -> {
                    // Each key alternates a value and a tombstone the sweep may purge at once,
                    // so sweeps keep racing with writes to the keys they delete.
                    for (int n = 0; n < writesPerThread; n++) {
                        int p = n % partitions;
                        PartitionKey key = Keys.partition(p, "k" + p);
                        if (n % 2 == 0) {
                            apply(cells(key, clustering(1), 10 + n, "c" + column, "w" + n));
                        } else {
                            apply(PartitionUpdate.builder(key).row(Row.builder(clustering(1))
                                    .cell(Cell.tombstone("c" + column, 10 + n, nowSeconds() - 1)).build()).build());
                        }
                    }
                }));
            }
            java.util.concurrent.Future<?> sweeper = writers.submit(() -> {
                while (writing.get()) {
                    engine().purge(TABLE);
                }
            });
            for (java.util.concurrent.Future<?> writer : done) {
                writer.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            writing.set(false);
            sweeper.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            writers.shutdownNow();
        }
        engine().purge(TABLE);

        for (int p = 0; p < partitions; p++) {
            int last = writesPerThread - partitions + p;
            var rows = table(read(Keys.partition(p, "k" + p)));
            if (last % 2 == 0) {
                assertThat(rows).containsExactly(Map.entry(1, Map.of("c0", "w" + last, "c1", "w" + last)));
            } else {
                assertThat(rows).isEmpty();
            }
        }
        assertThat(engine().purge(TABLE).purgedTombstones()).isZero();
        assertThat(stored()).hasSize(partitions / 2);
    }
}
