package io.cairn.storage;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The clustering of a row, or a prefix of one: the concatenation of the order-preserving,
 * prefix-free encodings of its clustering column values (DESC columns complemented), so that
 * unsigned byte order is the table's clustering order. Tables without clustering columns use
 * {@link #EMPTY}. The array is not copied; callers must not change it afterwards.
 */
public final class Clustering implements Comparable<Clustering> {

    public static final Clustering EMPTY = new Clustering(new byte[0]);

    private final byte[] bytes;

    private Clustering(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Clustering of(byte[] encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("A clustering cannot be null; use Clustering.EMPTY");
        }
        return encoded.length == 0 ? EMPTY : new Clustering(encoded);
    }

    /** The encoded bytes; do not modify. */
    public byte[] bytes() {
        return bytes;
    }

    public int size() {
        return bytes.length;
    }

    /** Whether this clustering starts with every byte of {@code prefix}. */
    public boolean startsWith(Clustering prefix) {
        return bytes.length >= prefix.bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    @Override
    public int compareTo(Clustering other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Clustering other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return bytes.length == 0 ? "Clustering[]" : "Clustering[0x" + HexFormat.of().formatHex(bytes) + "]";
    }
}
