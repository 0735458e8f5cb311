package io.cairn.storage.conformance;

import io.cairn.storage.SizeEstimate;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UnknownTableException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.cairn.storage.conformance.Keys.clustering;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tables' life: create, alter, drop, truncate, flush, snapshot, reopen, size estimates. */
public abstract class LifecycleSuite extends ConformanceSuite {

    private static final TableId OTHER = new TableId("shop", "customers");

    @Test
    void creatingAnExistingTableKeepsItsDataAndOptions() {
        apply(insert(P1, clustering(1), 10, "a", "x"));

        assertThat(engine().createTable(TABLE, new TableOptions(1))).isFalse();
        assertThat(engine().options(TABLE)).isEqualTo(TableOptions.DEFAULTS);
        assertThat(read(P1).rows()).hasSize(1);
        assertThat(engine().tables()).containsExactly(TABLE);
    }

    @Test
    void alteredOptionsAreKept() {
        engine().alterTable(TABLE, new TableOptions(3600));

        assertThat(engine().options(TABLE)).isEqualTo(new TableOptions(3600));
    }

    @Test
    void droppedTableIsGoneAndARecreatedOneStartsEmpty() {
        apply(insert(P1, clustering(1), 10, "a", "x"));

        assertThat(engine().dropTable(TABLE)).isTrue();
        assertThat(engine().dropTable(TABLE)).isFalse();
        assertThatThrownBy(() -> read(P1)).isInstanceOf(UnknownTableException.class).hasMessageContaining("shop.orders");
        engine().createTable(TABLE, TableOptions.DEFAULTS);
        assertThat(read(P1).isEmpty()).isTrue();
    }

    @Test
    void truncateEmptiesOneTableAndLeavesOthers() {
        engine().createTable(OTHER, TableOptions.DEFAULTS);
        apply(insert(P1, clustering(1), 10, "a", "x"));
        engine().apply(OTHER, insert(P1, clustering(1), 10, "a", "y"));

        engine().truncate(TABLE);
        apply(insert(P2, clustering(1), 10, "a", "after"));

        assertThat(read(P1).isEmpty()).isTrue();
        assertThat(table(read(P2))).containsExactly(Map.entry(1, Map.of("a", "after")));
        assertThat(engine().read(OTHER, P1, all()).rows()).hasSize(1);
    }

    @Test
    void droppingARangeRemovesItsPartitionsOnlyAndLaterWritesThere() {
        engine().createTable(OTHER, TableOptions.DEFAULTS);
        long[] tokens = {Long.MIN_VALUE, -5, 100, 150, 200, 300, Long.MAX_VALUE};
        for (long token : tokens) {
            apply(insert(Keys.partition(token, "k" + token), clustering(1), 10, "a", "x"));
            engine().apply(OTHER, insert(Keys.partition(token, "k" + token), clustering(1), 10, "a", "y"));
        }

        assertThat(engine().dropRange(TABLE, new TokenRange(-5, true, 100, true), () -> false))
                .as("told not to proceed").isFalse();
        assertThat(engine().dropRange(TABLE, new TokenRange(100, false, 200, true), () -> true)).isTrue();
        engine().dropRange(TABLE, new TokenRange(250, true, Long.MAX_VALUE, true), () -> true);
        engine().dropRange(TABLE, new TokenRange(Long.MIN_VALUE, true, Long.MIN_VALUE, true), () -> true);

        List<Long> left = new java.util.ArrayList<>();
        for (var partition : engine().scan(TABLE, TokenRange.FULL, null, all()).partitions()) {
            left.add(partition.key().token());
        }
        assertThat(left).containsExactly(-5L, 100L);
        assertThat(engine().scan(OTHER, TokenRange.FULL, null, all()).partitions()).as("other tables keep theirs")
                .hasSize(tokens.length);
        apply(insert(Keys.partition(150, "k150"), clustering(1), 20, "a", "again"));
        assertThat(table(read(Keys.partition(150, "k150")))).containsExactly(Map.entry(1, Map.of("a", "again")));
        engine().dropRange(TABLE, TokenRange.FULL, () -> true);
        assertThat(engine().scan(TABLE, TokenRange.FULL, null, all()).partitions()).isEmpty();
    }

    @Test
    void operationsOnAnUnknownTableSayWhichTable() {
        TableId missing = new TableId("shop", "missing");

        assertThatThrownBy(() -> engine().apply(missing, insert(P1, clustering(1), 10)))
                .isInstanceOf(UnknownTableException.class).hasMessage("Table shop.missing does not exist in storage");
        assertThatThrownBy(() -> engine().truncate(missing)).isInstanceOf(UnknownTableException.class);
        assertThatThrownBy(() -> engine().scan(missing, TokenRange.FULL, null, all()))
                .isInstanceOf(UnknownTableException.class);
    }

    @Test
    void dataTablesAndOptionsSurviveFlushAndReopen() {
        engine().createTable(OTHER, new TableOptions(60, Map.of("dropped", 20L, "Odd: name\n", 30L)));
        apply(insert(P1, clustering(1), 10, "a", "flushed"));
        engine().flush();
        apply(insert(P1, clustering(2), 10, "a", "only in the commit log"));

        StorageEngine reopened = fixture.reopen();

        assertThat(reopened.tables()).containsExactlyInAnyOrder(TABLE, OTHER);
        assertThat(reopened.options(OTHER)).isEqualTo(new TableOptions(60, Map.of("dropped", 20L, "Odd: name\n", 30L)));
        assertThat(table(read(P1))).containsExactly(
                Map.entry(1, Map.of("a", "flushed")), Map.entry(2, Map.of("a", "only in the commit log")));
    }

    @Test
    void repairedRangesAndThePurgeAfterRepairOptionSurviveReopenAndGoWithTheirTable() {
        engine().createTable(OTHER, new TableOptions(60, Map.of("dropped", 20L)).withPurgeAfterRepair(true)
                .withTracksUnrepaired(true));
        engine().markRepaired(OTHER, TokenRange.openClosed(0, 1_000), 500);
        engine().markRepaired(OTHER, TokenRange.openClosed(500, 2_000), 700);

        StorageEngine reopened = fixture.reopen();

        assertThat(reopened.options(OTHER)).isEqualTo(new TableOptions(60, Map.of("dropped", 20L), true, true));
        io.cairn.storage.RepairedRanges repaired = reopened.repaired(OTHER);
        assertThat(repaired.repairedAt(0)).isEqualTo(io.cairn.storage.RepairedRanges.NEVER);
        assertThat(repaired.repairedAt(1)).isEqualTo(500);
        assertThat(repaired.repairedAt(501)).isEqualTo(700);
        assertThat(repaired.repairedAt(2_000)).isEqualTo(700);
        assertThat(repaired.repairedAt(2_001)).isEqualTo(io.cairn.storage.RepairedRanges.NEVER);
        assertThat(reopened.repaired(TABLE)).isEqualTo(io.cairn.storage.RepairedRanges.NONE);

        reopened.dropTable(OTHER);
        reopened.createTable(OTHER, new TableOptions(60));
        assertThat(reopened.repaired(OTHER)).as("a table created again under the name").isEqualTo(
                io.cairn.storage.RepairedRanges.NONE);
    }

    @Test
    void aPageOfPartitionsIsOneWriteThatReconcilesAndIsRefusedWholeWhenOneIsOversized() {
        apply(insert(P1, clustering(1), 20, "a", "newer"));
        engine().apply(TABLE, List.of(insert(P1, clustering(1), 10, "a", "older"),
                insert(P2, clustering(1), 10, "a", "copied"), insert(P1, clustering(2), 10, "a", "copied too")));

        StorageEngine reopened = fixture.reopen();
        assertThat(table(reopened.read(TABLE, P1, all()))).containsExactly(
                Map.entry(1, Map.of("a", "newer")), Map.entry(2, Map.of("a", "copied too")));
        assertThat(table(reopened.read(TABLE, P2, all()))).containsExactly(Map.entry(1, Map.of("a", "copied")));

        io.cairn.storage.PartitionKey huge = new io.cairn.storage.PartitionKey(1, new byte[65_536]);
        assertThatThrownBy(() -> reopened.apply(TABLE, List.of(insert(P2, clustering(2), 30, "a", "lost"),
                insert(huge, clustering(1), 30, "a", "x")))).isInstanceOf(io.cairn.storage.InvalidUpdateException.class);
        assertThat(table(reopened.read(TABLE, P2, all()))).containsExactly(Map.entry(1, Map.of("a", "copied")));
    }

    @Test
    void aSyncedUpdateReconcilesLikeAnyOtherAndSurvivesReopen() {
        apply(insert(P1, clustering(1), 20, "a", "newer"));
        engine().applySynced(TABLE, insert(P1, clustering(1), 10, "a", "older"));
        engine().applySynced(TABLE, insert(P1, clustering(2), 10, "a", "synced"));

        StorageEngine reopened = fixture.reopen();

        assertThat(table(reopened.read(TABLE, P1, all()))).containsExactly(
                Map.entry(1, Map.of("a", "newer")), Map.entry(2, Map.of("a", "synced")));
    }

    @Test
    void oneSyncedWriteAcrossTablesAppliesToEachAndSurvivesReopen() {
        engine().createTable(OTHER, TableOptions.DEFAULTS);
        engine().applySynced(java.util.List.of(
                new io.cairn.storage.TableWrite(TABLE, insert(P1, clustering(1), 10, "a", "data")),
                new io.cairn.storage.TableWrite(OTHER, insert(P1, clustering(7), 10, "a", "register")),
                new io.cairn.storage.TableWrite(TABLE, insert(P1, clustering(2), 10, "a", "more data"))));

        StorageEngine reopened = fixture.reopen();

        assertThat(table(reopened.read(TABLE, P1, all()))).containsExactly(
                Map.entry(1, Map.of("a", "data")), Map.entry(2, Map.of("a", "more data")));
        assertThat(table(reopened.read(OTHER, P1, all()))).containsExactly(Map.entry(7, Map.of("a", "register")));
    }

    @Test
    void aSyncedWriteAcrossTablesThatNamesAnUnknownTableWritesNothing() {
        TableId missing = new TableId("ks", "missing");
        assertThatThrownBy(() -> engine().applySynced(java.util.List.of(
                new io.cairn.storage.TableWrite(TABLE, insert(P1, clustering(1), 10, "a", "data")),
                new io.cairn.storage.TableWrite(missing, insert(P1, clustering(1), 10, "a", "lost")))))
                .isInstanceOf(io.cairn.storage.UnknownTableException.class);

        assertThat(table(read(P1))).isEmpty();
    }

    @Test
    void snapshotKeepsTheDataOfItsMoment() {
        apply(insert(P1, clustering(1), 10, "a", "before"));
        engine().snapshot("before-change");
        apply(insert(P1, clustering(1), 20, "a", "after"));
        engine().truncate(TABLE);

        assertThat(engine().snapshots()).containsExactly("before-change");
        StorageEngine snapshot = fixture.openSnapshot("before-change");
        assertThat(table(snapshot.read(TABLE, P1, all()))).containsExactly(Map.entry(1, Map.of("a", "before")));
        assertThatThrownBy(() -> engine().snapshot("before-change")).hasMessageContaining("already exists");
    }

    @Test
    void aRestoreBringsBackWhatATruncateTookAndKeepsWhatIsNewer() {
        engine().createTable(OTHER, TableOptions.DEFAULTS);
        apply(insert(P1, clustering(1), 10, "a", "old"));
        apply(insert(P2, clustering(1), 10, "a", "kept"));
        engine().snapshot("before-truncate");
        engine().truncate(TABLE);
        apply(insert(P1, clustering(1), 30, "a", "newer"));

        assertThat(engine().restore(TABLE, "before-truncate")).as("partitions restored").isEqualTo(2);
        assertThat(table(read(P1))).as("newer than the snapshot: kept").containsExactly(Map.entry(1, Map.of("a", "newer")));
        assertThat(table(read(P2))).as("truncated: back").containsExactly(Map.entry(1, Map.of("a", "kept")));
        assertThat(engine().restore(OTHER, "before-truncate")).as("a table the snapshot holds empty").isZero();
        assertThatThrownBy(() -> engine().restore(TABLE, "nonexistent")).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> engine().restore(TABLE, "../escape")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRestoreLeavesARowDeletedSinceTheSnapshotDeleted() {
        apply(insert(P1, clustering(1), 10, "a", "old"));
        engine().snapshot("before-delete");
        apply(deleteRow(P1, clustering(1), 20));

        engine().restore(TABLE, "before-delete");

        assertThat(read(P1).rows()).as("the tombstone is newer than the snapshot's row").isEmpty();
    }

    @Test
    void aClearedSnapshotIsGone() {
        engine().snapshot("one");
        engine().snapshot("two");

        assertThat(engine().clearSnapshot("one")).isTrue();
        assertThat(engine().clearSnapshot("one")).isFalse();
        assertThat(engine().snapshots()).containsExactly("two");
        assertThatThrownBy(() -> engine().clearSnapshot("..")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFlushedAndCompactedTableKeepsItsDataAndCountsItsFootprint() {
        for (int i = 0; i < 200; i++) {
            apply(insert(Keys.partition(i * 7919L, "key" + i), clustering(1), 10, "a", "v".repeat(100)));
        }
        engine().flush(TABLE);
        apply(deleteRow(P1, clustering(1), 20));
        engine().flush(TABLE);
        engine().compact(TABLE);

        var stats = engine().stats(TABLE);
        assertThat(stats.estimatedPartitions()).isBetween(100L, 400L);
        assertThat(stats.liveDataBytes()).as("live bytes, compressed or not").isGreaterThan(1_000L);
        assertThat(stats.files() == 0 ? stats.memtableBytes() : stats.fileBytes())
                .as("held in data files once flushed, or in memory by a store that has no files").isPositive();
        assertThat(stats.levels()).as("a major compaction leaves the data files in one level").hasSizeLessThanOrEqualTo(1);
        assertThat(stats.tombstonesRead()).as("no read yet").isZero();
        assertThat(read(P1).rows()).as("the deleted row").isEmpty();
        assertThat(read(Keys.partition(7919L, "key1")).rows()).hasSize(1);
        var afterReads = engine().stats(TABLE);
        assertThat(afterReads.tombstonesRead()).as("the read of the deleted row met its tombstone").isEqualTo(1);
        assertThat(afterReads.readsWithTombstones()).isEqualTo(1);
        assertThat(afterReads.mostTombstonesInARead()).isEqualTo(1);
        assertThatThrownBy(() -> engine().stats(new TableId("shop", "missing"))).isInstanceOf(UnknownTableException.class);
        assertThatThrownBy(() -> engine().flush(new TableId("shop", "missing"))).isInstanceOf(UnknownTableException.class);
    }

    @Test
    void sizeEstimatesTrackTheData() {
        assertThat(engine().estimateSize(TABLE, TokenRange.FULL)).isEqualTo(new SizeEstimate(0, 0));
        int partitions = 2_000;
        for (int i = 0; i < partitions; i++) {
            long token = Long.MIN_VALUE / partitions * (partitions - 2L * i);
            apply(insert(Keys.partition(token, "key" + i), clustering(1), 10, "a", "v".repeat(100)));
        }
        engine().flush();

        SizeEstimate full = engine().estimateSize(TABLE, TokenRange.FULL);
        SizeEstimate lowerHalf = engine().estimateSize(TABLE, new TokenRange(Long.MIN_VALUE, true, 0, false));

        assertThat(full.partitions()).isBetween(partitions / 2L, partitions * 2L);
        assertThat(full.bytes()).isBetween(100L * partitions / 4, 1_000L * partitions);
        assertThat(lowerHalf.partitions()).isBetween(partitions / 4L, (long) partitions);
    }
}
