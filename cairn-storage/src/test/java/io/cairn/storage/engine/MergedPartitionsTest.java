package io.cairn.storage.engine;

import io.cairn.storage.Cell;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.conformance.Keys;
import io.cairn.storage.wire.StorageSerializers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MergedPartitionsTest {

    private static final TableId TABLE = new TableId("ks", "t");
    private static final long NOW_SECONDS = 1_700_000_000L;
    private static final PartitionKey KEY = Keys.partition(7, "a");
    private static final ReadFilter ALL = ReadFilter.all(NOW_SECONDS);

    private static PartitionUpdate write(PartitionKey key, int row, String value, long timestampMicros) {
        return PartitionUpdate.builder(key).row(Row.builder(Keys.clustering(row))
                .cell(Cell.live("v", Keys.bytes(value), timestampMicros)).build()).build();
    }

    private static PartitionUpdate deletePartition(PartitionKey key, long timestampMicros) {
        return PartitionUpdate.builder(key).deletePartition(new Deletion(timestampMicros, NOW_SECONDS)).build();
    }

    private static List<String> values(PartitionData data) {
        List<String> values = new ArrayList<>();
        for (Row row : data.rows()) {
            values.add(Keys.text(row.cells().get(0).value()));
        }
        return values;
    }

    /** Every ordering of {@code items}. */
    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> ordering = new ArrayList<>();
                ordering.add(first);
                ordering.addAll(tail);
                all.add(ordering);
            }
        }
        return all;
    }

    @Test
    void mergingInAnyOrderGivesTheSameResult() {
        List<PartitionUpdate> replicas = List.of(
                write(KEY, 1, "old", 10),
                write(KEY, 1, "new", 30),
                deletePartition(KEY, 20),
                PartitionUpdate.builder(KEY).deleteRange(Keys.closed(Keys.clustering(2), Keys.clustering(3)),
                        new Deletion(40, NOW_SECONDS)).build(),
                write(KEY, 2, "deleted by the range", 35));
        byte[] expectedRead = null;
        byte[] expectedRaw = null;
        for (List<PartitionUpdate> order : permutations(replicas)) {
            MergedPartitions merged = MergedPartitions.of(TABLE, order);
            byte[] read = StorageSerializers.serialize(merged.read(KEY, ALL));
            byte[] raw = StorageSerializers.serialize(merged.partition(KEY));
            if (expectedRead == null) {
                expectedRead = read;
                expectedRaw = raw;
                assertThat(values(merged.read(KEY, ALL))).containsExactly("new");
            }
            assertThat(read).as("read after merging in order %s", order).isEqualTo(expectedRead);
            assertThat(raw).as("raw partition after merging in order %s", order).isEqualTo(expectedRaw);
        }
    }

    @Test
    void aPartitionTombstoneShadowsOlderWritesButNotNewerOnes() {
        MergedPartitions merged = MergedPartitions.of(TABLE, List.of(
                write(KEY, 1, "before", 10), write(KEY, 2, "after", 30), deletePartition(KEY, 20)));

        assertThat(values(merged.read(KEY, ALL))).containsExactly("after");
        assertThat(merged.partition(KEY).partitionDeletion()).as("the tombstone is kept for the replicas")
                .isEqualTo(new Deletion(20, NOW_SECONDS));
    }

    @Test
    void mergingTheSameUpdateTwiceChangesNothing() {
        PartitionUpdate update = write(KEY, 1, "v", 10);
        assertThat(StorageSerializers.serialize(MergedPartitions.of(TABLE, List.of(update, update)).partition(KEY)))
                .isEqualTo(StorageSerializers.serialize(MergedPartitions.of(TABLE, List.of(update)).partition(KEY)));
    }

    @Test
    void aPartitionNothingWasMergedForIsEmpty() {
        MergedPartitions merged = MergedPartitions.of(TABLE, List.of(write(KEY, 1, "v", 10)));
        PartitionKey other = Keys.partition(9, "b");

        assertThat(merged.read(other, ALL).rows()).isEmpty();
        assertThat(merged.partition(other).rows()).isEmpty();
    }

    @Test
    void aScanPagesAtTheRowLimitAndResumesAfterIt() {
        PartitionKey first = Keys.partition(-5, "x");
        PartitionKey second = Keys.partition(5, "y");
        MergedPartitions merged = MergedPartitions.of(TABLE);
        merged.add(write(second, 1, "second", 10)).add(write(first, 1, "first", 10))
                .add(deletePartition(Keys.partition(6, "z"), 10));
        ReadFilter onePartition = ALL.withRowLimit(1);

        ScanPage page = merged.scan(TokenRange.FULL, null, onePartition);
        assertThat(page.partitions()).extracting(PartitionData::key).containsExactly(first);
        assertThat(page.hasMorePages()).isTrue();

        ScanPage rest = merged.scan(TokenRange.FULL, page.next(), ALL);
        assertThat(rest.partitions()).extracting(PartitionData::key).as("a deleted partition is not returned")
                .containsExactly(second);
        assertThat(rest.hasMorePages()).isFalse();
    }
}
