package io.cairn.common.token;

/**
 * Cassandra's Murmur3Partitioner: a partition key's token is the first 64 bits of
 * MurmurHash3 x64/128 (seed 0) of its serialized bytes. It must match Cassandra bit for bit,
 * because drivers compute tokens themselves to send each request to a replica.
 *
 * <p>One quirk is kept on purpose: Cassandra's implementation sign-extends the bytes of the
 * final partial block (it reads them as signed Java bytes), so keys whose last bytes are
 * 0x80 or more hash differently from the reference MurmurHash3. Drivers replicate that, and
 * so do we.
 */
public final class Murmur3Partitioner {

    /** The smallest token: no key has it (it is mapped to {@link #MAX_TOKEN}); ranges start from it. */
    public static final long MIN_TOKEN = Long.MIN_VALUE;
    public static final long MAX_TOKEN = Long.MAX_VALUE;

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3Partitioner() {
    }

    /** The token of a serialized partition key. */
    public static long token(byte[] key) {
        return token(key, 0, key.length);
    }

    /** The token of the serialized partition key in {@code key[offset, offset + length)}. */
    public static long token(byte[] key, int offset, int length) {
        long hash = hash64(key, offset, length);
        return hash == MIN_TOKEN ? MAX_TOKEN : hash;
    }

    /**
     * The first half of MurmurHash3 x64/128 with seed 0, with Cassandra's tail quirk: the token
     * hash, and a fast 64-bit digest of any bytes.
     */
    public static long hash64(byte[] key, int offset, int length) {
        long h1 = 0;
        long h2 = 0;
        int blocks = length >>> 4;
        for (int i = 0; i < blocks; i++) {
            int at = offset + (i << 4);
            long k1 = littleEndianLong(key, at);
            long k2 = littleEndianLong(key, at + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = offset + (blocks << 4);
        int remaining = length & 15;
        long k1 = 0;
        long k2 = 0;
        // Bytes widen as signed values here, unlike in the blocks above: Cassandra's quirk.
        for (int i = remaining - 1; i >= 8; i--) {
            k2 ^= ((long) key[tail + i]) << ((i - 8) * 8);
        }
        for (int i = Math.min(remaining, 8) - 1; i >= 0; i--) {
            k1 ^= ((long) key[tail + i]) << (i * 8);
        }
        if (remaining > 8) {
            h2 ^= mixK2(k2);
        }
        if (remaining > 0) {
            h1 ^= mixK1(k1);
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = finalMix(h1);
        h2 = finalMix(h2);
        h1 += h2;
        return h1;
    }

    private static long littleEndianLong(byte[] bytes, int at) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[at + i] & 0xFFL);
        }
        return value;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long finalMix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
