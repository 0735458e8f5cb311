package io.cairn.storage.wire;

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
import io.cairn.storage.Slice;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

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

    private byte[] flip(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }
}
