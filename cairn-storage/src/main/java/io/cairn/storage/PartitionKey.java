package io.cairn.storage;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A partition key with its token. Partitions are ordered by token, then by the unsigned
 * bytes of the key (two keys may share a token).
 *
 * <p>The engine never hashes keys: the caller computes the token with the partitioner, so
 * every replica places the partition identically. The array is not copied; callers must
 * not change it afterwards.
 */
public record PartitionKey(long token, byte[] key) implements Comparable<PartitionKey> {

    public PartitionKey {
        if (key == null) {
            throw new IllegalArgumentException("A partition key cannot be null");
        }
    }

    @Override
    public int compareTo(PartitionKey other) {
        int byToken = Long.compare(token, other.token);
        return byToken != 0 ? byToken : Arrays.compareUnsigned(key, other.key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionKey other && token == other.token && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(token) * 31 + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "PartitionKey[token=" + token + ", key=0x" + HexFormat.of().formatHex(key) + "]";
    }
}
