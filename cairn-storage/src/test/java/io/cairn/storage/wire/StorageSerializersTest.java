package io.cairn.storage.wire;

import io.cairn.common.wire.MalformedMessageException;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.Slice;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replicas exchange updates, filters and results byte-exactly; corrupt bytes are refused cleanly. */
class StorageSerializersTest {

    private final Random random = new Random(20261125);

    private byte[] bytes(int max) {
        byte[] bytes = new byte[random.nextInt(max + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    private Deletion deletion() {
        return new Deletion(random.nextInt(1000), 1_700_000_000L + random.nextInt(1000));
    }

    private Slice slice() {
        return new Slice(new ClusteringBound(Clustering.of(bytes(4)), random.nextBoolean()),
                new ClusteringBound(Clustering.of(bytes(4)), random.nextBoolean()));
    }

    private Cell cell() {
        String column = "c" + random.nextInt(4);
        Cell cell = switch (random.nextInt(3)) {
            case 0 -> Cell.live(column, bytes(8), random.nextInt(1000));
            case 1 -> Cell.expiring(column, bytes(8), random.nextInt(1000), 1 + random.nextInt(100),
                    1_700_000_000L + random.nextInt(100));
            default -> Cell.tombstone(column, random.nextInt(1000), 1_700_000_000L);
        };
        return random.nextInt(3) == 0 ? cell.atPath(bytes(5)) : cell;
    }

    private Row row(boolean isStatic) {
        Row.Builder row = Row.builder(isStatic ? Clustering.EMPTY : Clustering.of(bytes(6)));
        if (!isStatic && random.nextBoolean()) {
            row.liveness(random.nextBoolean() ? Liveness.of(random.nextInt(1000))
                    : Liveness.expiring(random.nextInt(1000), 10, 1_700_000_010L));
        }
        if (!isStatic && random.nextInt(4) == 0) {
            row.delete(deletion());
        }
        if (random.nextInt(4) == 0) {
            row.deleteColumn("c" + random.nextInt(4), deletion());
        }
        int cells = random.nextInt(4);
        for (int i = 0; i < cells; i++) {
            row.cell(cell());
        }
        return row.build();
    }

    private PartitionUpdate update() {
        PartitionUpdate.Builder update = PartitionUpdate.builder(new PartitionKey(random.nextLong(), bytes(10)));
        if (random.nextInt(4) == 0) {
            update.deletePartition(deletion());
        }
        int ranges = random.nextInt(3);
        for (int i = 0; i < ranges; i++) {
            update.deleteRange(slice(), deletion());
        }
        if (random.nextBoolean()) {
            update.staticRow(row(true));
        }
        int rows = random.nextInt(5);
        for (int i = 0; i < rows; i++) {
            update.row(row(false));
        }
        return update.build();
    }

    @Test
    void updatesRoundTripWithEveryTombstone() {
        for (int i = 0; i < 2_000; i++) {
            PartitionUpdate update = update();
            assertThat(StorageSerializers.deserializeUpdate(StorageSerializers.serialize(update))).isEqualTo(update);
        }
    }

    @Test
    void filtersAndResultsRoundTrip() {
        ReadFilter filter = new ReadFilter(Set.of("a", "b"), List.of(slice(), slice()), true, 100, 3, 1_700_000_000L);
        assertThat(StorageSerializers.deserializeFilter(StorageSerializers.serialize(filter))).isEqualTo(filter);
        ReadFilter dropped = filter.withDroppedColumns(Map.of("c", 1_700_000_000_000_999L, "d", -1L));
        assertThat(StorageSerializers.deserializeFilter(StorageSerializers.serialize(dropped))).isEqualTo(dropped);
        ReadFilter all = ReadFilter.all(5);
        assertThat(StorageSerializers.deserializeFilter(StorageSerializers.serialize(all))).isEqualTo(all);
        PartitionData data = new PartitionData(new PartitionKey(7, bytes(5)), row(true), List.of(row(false), row(false)));
        assertThat(StorageSerializers.deserializeData(StorageSerializers.serialize(data))).isEqualTo(data);
    }

    @Test
    void truncatedOrCorruptedBytesFailOnlyAsMalformed() {
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = StorageSerializers.serialize(update());
            byte[] damaged = random.nextBoolean()
                    ? java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length))
                    : flip(bytes);
            try {
                StorageSerializers.deserializeUpdate(damaged);
            } catch (MalformedMessageException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void rangeRequestsAndPagesRoundTrip() {
        PartitionKey key = new PartitionKey(-3, bytes(5));
        StorageSerializers.RangeRequest request = new StorageSerializers.RangeRequest(
                new TokenRange(-10, false, 99, true), new ScanPosition(key, Clustering.of(bytes(3))));
        assertThat(StorageSerializers.deserializeRangeRequest(StorageSerializers.serialize(request)))
                .usingRecursiveComparison().isEqualTo(request);
        ScanPage page = new ScanPage(List.of(new PartitionData(key, null, List.of(row(false)))),
                new ScanPosition(key, null));
        assertThat(StorageSerializers.deserializeScanPage(StorageSerializers.serialize(page))).isEqualTo(page);
        UpdatePage updates = new UpdatePage(List.of(update(), update()), key);
        assertThat(StorageSerializers.deserializeUpdatePage(StorageSerializers.serialize(updates)))
                .isEqualTo(updates);
    }

    @Test
    void everyTruncationOfEveryValueIsRefusedAsMalformed() {
        PartitionKey key = new PartitionKey(-3, bytes(5));
        List<byte[]> updates = List.of(StorageSerializers.serialize(update()), StorageSerializers.serialize(update()));
        for (byte[] bytes : updates) {
            assertEveryTruncationRefused(bytes, StorageSerializers::deserializeUpdate);
        }
        assertEveryTruncationRefused(StorageSerializers.serialize(new ReadFilter(Set.of("a"), List.of(slice()),
                false, 10, 2, 1_700_000_000L).withDroppedColumns(Map.of("c", 5L))), StorageSerializers::deserializeFilter);
        assertEveryTruncationRefused(StorageSerializers.serialize(new PartitionData(key, row(true),
                List.of(row(false)))), StorageSerializers::deserializeData);
        assertEveryTruncationRefused(StorageSerializers.serialize(new StorageSerializers.RangeRequest(
                TokenRange.FULL, new ScanPosition(key, null))), StorageSerializers::deserializeRangeRequest);
        assertEveryTruncationRefused(StorageSerializers.serialize(new ScanPage(List.of(new PartitionData(key, null,
                List.of(row(false)))), null)), StorageSerializers::deserializeScanPage);
        assertEveryTruncationRefused(StorageSerializers.serialize(new UpdatePage(List.of(update()), key)),
                StorageSerializers::deserializeUpdatePage);
    }

    private static void assertEveryTruncationRefused(byte[] bytes, java.util.function.Function<byte[], ?> decode) {
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> decode.apply(truncated)).as("truncated to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(MalformedMessageException.class).hasMessageStartingWith("Malformed ");
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> decode.apply(longer)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("trailing");
    }

    private byte[] flip(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }
}
