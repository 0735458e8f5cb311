package io.cairn.storage.conformance;

import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.CorruptDataException;
import io.cairn.storage.InvalidUpdateException;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;
import io.cairn.storage.TokenRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.cairn.storage.conformance.Keys.bytes;
import static io.cairn.storage.conformance.Keys.clustering;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Oversized updates are refused whole; damaged stored bytes fail reads loudly, naming the table. */
public abstract class BadInputSuite extends ConformanceSuite {

    @Test
    void anOversizedPartitionKeyIsRefusedAndNothingIsWritten() {
        PartitionKey huge = new PartitionKey(1, new byte[65_536]);

        assertThatThrownBy(() -> apply(insert(huge, clustering(1), 10, "a", "x")))
                .isInstanceOf(InvalidUpdateException.class)
                .hasMessageContaining("partition key").hasMessageContaining("65535");
        assertThat(engine().scan(TABLE, TokenRange.FULL, null, all()).partitions()).isEmpty();
    }

    @Test
    void anOversizedClusteringOrElementPathIsRefused() {
        assertThatThrownBy(() -> apply(insert(P1, Clustering.of(new byte[70_000]), 10)))
                .isInstanceOf(InvalidUpdateException.class).hasMessageContaining("clustering");
        assertThatThrownBy(() -> apply(PartitionUpdate.builder(P1).row(Row.builder(clustering(1))
                .cell(Cell.live("m", bytes("v"), 10).atPath(new byte[70_000])).build()).build()))
                .isInstanceOf(InvalidUpdateException.class).hasMessageContaining("collection element");
    }

    @Test
    void anUpdateOverTheSizeLimitIsRefusedWhole() {
        PartitionUpdate.Builder update = PartitionUpdate.builder(P1);
        byte[] oneMiB = new byte[1024 * 1024];
        for (int c = 0; c < 17; c++) {
            update.row(Row.builder(clustering(c)).cell(Cell.live("a", oneMiB, 10)).build());
        }

        assertThatThrownBy(() -> apply(update.build()))
                .isInstanceOf(InvalidUpdateException.class).hasMessageContaining("exceeds the maximum");
        assertThat(read(P1).isEmpty()).isTrue();
    }

    @Test
    void aTruncatedValueFailsTheReadAndNamesTheTable() {
        apply(insert(P1, clustering(1), 10, "a", "x"));
        byte[] key = firstKey();
        fixture.putRaw(TABLE, key, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> read(P1))
                .isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("shop.orders")
                .hasMessageContaining("shorter than its");
        assertThatThrownBy(() -> engine().scan(TABLE, TokenRange.FULL, null, all()))
                .isInstanceOf(CorruptDataException.class);
    }

    @Test
    void aValueOfUnknownKindFailsTheRead() {
        apply(insert(P1, clustering(1), 10, "a", "x"));
        byte[] key = firstKey();
        byte[] value = new byte[20];
        value[8] = 7;
        fixture.putRaw(TABLE, key, value);

        assertThatThrownBy(() -> read(P1))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("unknown cell kind 7");
    }

    @Test
    void aTruncatedKeyFailsTheReadAndNamesTheTable() {
        apply(insert(P1, clustering(1), 10, "a", "x"));
        byte[] key = firstKey();
        byte[] truncated = Arrays.copyOf(key, key.length - 3);
        fixture.putRaw(TABLE, truncated, readValue(key));

        assertThatThrownBy(() -> engine().scan(TABLE, TokenRange.FULL, null, all()))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("shop.orders");
        assertThatThrownBy(() -> engine().export(TABLE, TokenRange.FULL, null, 10))
                .isInstanceOf(CorruptDataException.class);
    }

    @Test
    void aKeyWithAnUnknownPartFailsTheRead() {
        apply(insert(P1, clustering(1), 10, "a", "x"));
        byte[] key = firstKey();
        byte[] damaged = Arrays.copyOf(key, key.length + 1);
        damaged[key.length - 1] = 9;
        fixture.putRaw(TABLE, damaged, readValue(key));

        assertThatThrownBy(() -> read(P1)).isInstanceOf(CorruptDataException.class);
    }

    private byte[] firstKey() {
        return fixture.store().read(TABLE.toString(), io.cairn.storage.kv.ReadScope.ANY, cursor -> {
            cursor.seek(new byte[0]);
            return cursor.key().clone();
        });
    }

    private byte[] readValue(byte[] key) {
        return fixture.store().read(TABLE.toString(), io.cairn.storage.kv.ReadScope.ANY, cursor -> {
            cursor.seek(key);
            return cursor.value().clone();
        });
    }

    @Test
    void timesBeyondTheStorableRangeAreRefusedUpFront() {
        assertThatThrownBy(() -> new io.cairn.storage.Deletion(10, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cell.expiring("a", bytes("x"), 10, 0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cell.expiring("a", bytes("x"), 10, 60, 1L << 33))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReadMeetingTooManyTombstonesIsStoppedWithAClearError() {
        int limit = io.cairn.storage.StorageLimits.DEFAULTS.maxTombstonesPerRead();
        Row.Builder row = Row.builder(clustering(1)).liveness(io.cairn.storage.Liveness.of(10));
        for (int i = 0; i <= limit; i++) {
            row.cell(Cell.tombstone("c" + i, 10, nowSeconds()));
        }
        apply(PartitionUpdate.builder(P1).row(row.build()).build());
        apply(insert(P2, clustering(1), 10, "a", "fine"));

        assertThatThrownBy(() -> read(P1))
                .isInstanceOf(io.cairn.storage.TooManyTombstonesException.class)
                .hasMessageContaining("shop.orders").hasMessageContaining(String.valueOf(limit));
        assertThatThrownBy(() -> engine().scan(TABLE, TokenRange.FULL, null, all()))
                .isInstanceOf(io.cairn.storage.TooManyTombstonesException.class);
        assertThat(read(P2).rows()).hasSize(1);
    }
}
