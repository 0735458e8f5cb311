package io.cairn.storage.conformance;

import io.cairn.storage.Clustering;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.Slice;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keys for tests: clusterings of int components, each encoded as 4 big-endian bytes with the
 * sign bit flipped (fixed width, hence prefix-free and order-preserving, as the engine assumes).
 */
public final class Keys {

    private Keys() {
    }

    public static PartitionKey partition(long token, String key) {
        return new PartitionKey(token, key.getBytes(StandardCharsets.UTF_8));
    }

    public static Clustering clustering(int... components) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * components.length);
        for (int component : components) {
            buffer.putInt(component ^ Integer.MIN_VALUE);
        }
        return Clustering.of(buffer.array());
    }

    public static int[] components(Clustering clustering) {
        ByteBuffer buffer = ByteBuffer.wrap(clustering.bytes());
        int[] components = new int[clustering.size() / 4];
        for (int i = 0; i < components.length; i++) {
            components[i] = buffer.getInt() ^ Integer.MIN_VALUE;
        }
        return components;
    }

    public static Slice closed(Clustering start, Clustering end) {
        return new Slice(ClusteringBound.inclusive(start), ClusteringBound.inclusive(end));
    }

    public static Slice open(Clustering start, Clustering end) {
        return new Slice(ClusteringBound.exclusive(start), ClusteringBound.exclusive(end));
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
