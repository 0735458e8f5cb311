package io.cairn.storage.engine;

import io.cairn.storage.Cell;
import io.cairn.storage.PartitionKey;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;
import java.util.Comparator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two facts the engine rests on: framed key fields sort like their raw bytes and split
 * back exactly, and the byte-wise maximum of two stored values is the cell Cassandra keeps.
 */
class StorageLayoutPropertiesTest {

    private static final Comparator<Cell> CASSANDRA_ORDER = Comparator.comparingLong(Cell::timestampMicros)
            .thenComparing(Cell::kind)
            .thenComparingLong(Cell::localDeletionTimeSeconds)
            .thenComparingInt(Cell::ttlSeconds)
            .thenComparing(Cell::value, Arrays::compareUnsigned);

    private static byte[] framed(byte[] raw, byte[] suffix) {
        KeyBuilder out = new KeyBuilder(raw.length + 2);
        EscapedBytes.write(out, raw, 0, raw.length, true);
        out.put(suffix);
        return out.toArray();
    }

    @Property(tries = 2_000)
    void framedFieldsSortLikeTheirRawBytesWhateverFollows(@ForAll("zeroHeavy") byte[] a, @ForAll("zeroHeavy") byte[] b,
                                                           @ForAll @Size(max = 3) byte[] suffixA,
                                                           @ForAll @Size(max = 3) byte[] suffixB) {
        int raw = Integer.signum(Arrays.compareUnsigned(a, b));
        int encoded = Integer.signum(Arrays.compareUnsigned(framed(a, suffixA), framed(b, suffixB)));
        if (raw != 0) {
            assertThat(encoded).isEqualTo(raw);
        }
    }

    @Property(tries = 2_000)
    void framedFieldsSplitBackExactly(@ForAll("zeroHeavy") byte[] raw, @ForAll @Size(max = 3) byte[] suffix) {
        byte[] key = framed(raw, suffix);

        int end = EscapedBytes.skip(key, 0);

        assertThat(end).isEqualTo(key.length - suffix.length);
        assertThat(EscapedBytes.read(key, 0, end)).isEqualTo(raw);
    }

    @Property(tries = 1_000)
    void partitionKeysSortByTokenThenKeyBytes(@ForAll long tokenA, @ForAll("zeroHeavy") byte[] keyA,
                                             @ForAll("smallTokens") long tokenB, @ForAll("zeroHeavy") byte[] keyB) {
        PartitionKey a = new PartitionKey(tokenA % 3, keyA);
        PartitionKey b = new PartitionKey(tokenB, keyB);

        int expected = Integer.signum(a.compareTo(b));
        int encoded = Integer.signum(Arrays.compareUnsigned(KeyLayout.partitionPrefix(a), KeyLayout.partitionPrefix(b)));

        assertThat(encoded).isEqualTo(expected);
        byte[] prefix = KeyLayout.partitionPrefix(a);
        assertThat(KeyLayout.partitionOf(prefix).partition()).isEqualTo(a);
    }

    @Property(tries = 5_000)
    void theByteWiseMaximumOfStoredValuesIsTheReconciledCell(@ForAll("cells") Cell a, @ForAll("cells") Cell b) {
        byte[] storedA = UpdateEncoder.cellValue(a);
        byte[] storedB = UpdateEncoder.cellValue(b);

        Cell kept = Arrays.compareUnsigned(storedA, storedB) >= 0 ? a : b;
        Cell expected = CASSANDRA_ORDER.compare(a, b) >= 0 ? a : b;

        assertThat(kept).isEqualTo(expected);
    }

    @Property(tries = 1_000)
    void storedValuesDecodeToWhatWasWritten(@ForAll("cells") Cell cell) {
        byte[] stored = UpdateEncoder.cellValue(cell);

        assertThat(StoredValue.malformation(stored)).isNull();
        assertThat(new Cell(cell.column(), null, StoredValue.kind(stored), StoredValue.timestamp(stored),
                StoredValue.ttl(stored), StoredValue.localDeletionTime(stored), StoredValue.payload(stored)))
                .isEqualTo(cell);
    }

    @Example
    void successorSkipsEveryKeyWithThePrefix() {
        assertThat(KeyLayout.successor(new byte[] {1, 2, (byte) 0xFF}, 3)).containsExactly(1, 3);
        assertThat(KeyLayout.successor(new byte[] {(byte) 0xFF, (byte) 0xFF}, 2)).isNull();
    }

    @Provide
    Arbitrary<byte[]> zeroHeavy() {
        return Arbitraries.bytes().withDistribution(net.jqwik.api.RandomDistribution.uniform())
                .edgeCases(edges -> edges.includeOnly((byte) 0, (byte) 0xFF, (byte) 1))
                .array(byte[].class).ofMaxSize(6)
                .map(bytes -> {
                    for (int i = 0; i < bytes.length; i += 2) {
                        bytes[i] = (byte) (bytes[i] & 0x81);
                    }
                    return bytes;
                });
    }

    @Provide
    Arbitrary<Long> smallTokens() {
        return Arbitraries.longs().between(-2, 2);
    }

    @Provide
    Arbitrary<Cell> cells() {
        Arbitrary<Long> timestamps = Arbitraries.longs().between(-2, 2)
                .injectDuplicates(0.3).edgeCases(edges -> edges.add(Long.MIN_VALUE).add(Long.MAX_VALUE));
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(3);
        Arbitrary<Long> times = Arbitraries.longs().between(0, 3).map(t -> t == 3 ? 0xFFFF_FFFFL : t);
        Arbitrary<Cell> live = Combinators.combine(timestamps, values).as((ts, value) -> Cell.live("c", value, ts));
        Arbitrary<Cell> expiring = Combinators.combine(timestamps, values, Arbitraries.integers().between(1, 3), times)
                .as((ts, value, ttl, expiry) -> Cell.expiring("c", value, ts, ttl, expiry));
        Arbitrary<Cell> tombstone = Combinators.combine(timestamps, times).as((ts, ldt) -> Cell.tombstone("c", ts, ldt));
        return Arbitraries.oneOf(live, expiring, tombstone);
    }
}
