package io.cairn.node.schema;

import io.cairn.common.token.Murmur3Partitioner;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The serialized form of a partition key, whose Murmur3 hash is its token. A single-column key
 * is just its value's bytes; a compound key uses Cassandra's composite layout, each component
 * as a 2-byte length, its bytes and a 0 end-of-component byte. Drivers build the same bytes
 * from a prepared statement's routing key, so the token they compute finds the replica.
 */
public final class PartitionKeySerializer {

    /** A component longer than this cannot be written in the composite layout's 2-byte length. */
    public static final int MAX_COMPONENT_BYTES = 0xFFFF;

    private PartitionKeySerializer() {
    }

    /**
     * @param components each partition key column's serialized value, in key order
     * @throws IllegalArgumentException if a component is over {@link #MAX_COMPONENT_BYTES}
     */
    public static byte[] serialize(List<ByteBuffer> components) {
        if (components.size() == 1) {
            ByteBuffer only = components.get(0).duplicate();
            byte[] bytes = new byte[only.remaining()];
            only.get(bytes);
            return bytes;
        }
        int size = 0;
        for (ByteBuffer component : components) {
            if (component.remaining() > MAX_COMPONENT_BYTES) {
                throw new IllegalArgumentException("Partition key component of " + component.remaining()
                        + " bytes exceeds the maximum of " + MAX_COMPONENT_BYTES);
            }
            size += 2 + component.remaining() + 1;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer component : components) {
            out.putShort((short) component.remaining());
            out.put(component.duplicate());
            out.put((byte) 0);
        }
        return out.array();
    }

    /**
     * The components of a serialized partition key of {@code count} columns: the inverse of
     * {@link #serialize}.
     *
     * @throws IllegalArgumentException if the bytes are not a composite of {@code count} parts
     */
    public static List<ByteBuffer> deserialize(byte[] key, int count) {
        if (count == 1) {
            return List.of(ByteBuffer.wrap(key));
        }
        List<ByteBuffer> components = new java.util.ArrayList<>(count);
        ByteBuffer in = ByteBuffer.wrap(key);
        for (int i = 0; i < count; i++) {
            if (in.remaining() < 3) {
                throw new IllegalArgumentException("Truncated composite partition key");
            }
            int length = Short.toUnsignedInt(in.getShort());
            if (in.remaining() < length + 1) {
                throw new IllegalArgumentException("Truncated composite partition key");
            }
            components.add(in.slice(in.position(), length));
            in.position(in.position() + length + 1);
        }
        return components;
    }

    public static long token(byte[] serializedKey) {
        return Murmur3Partitioner.token(serializedKey);
    }
}
