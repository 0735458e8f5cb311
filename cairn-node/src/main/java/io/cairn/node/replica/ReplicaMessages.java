package io.cairn.node.replica;

import io.cairn.storage.TableId;
import io.cairn.common.wire.MalformedMessageException;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bodies of the replica verbs: a table, then the verb's parts (serialized with
 * {@link io.cairn.storage.wire.StorageSerializers}).
 * MUTATION: table, update. HINT: table, update, when it was hinted (8 bytes, microseconds).
 * READ: table, mode, key (token + bytes), filter. TRUNCATE: table.
 */
public final class ReplicaMessages {

    /** What a READ asks for: the filtered rows, their digest, or the partition's raw data with tombstones. */
    public enum ReadMode { DATA, DIGEST, RAW }

    public record Parts(TableId table, byte[][] parts) {
    }

    /** Several encoded messages in one. */
    public record PartsList(List<Parts> list) {
    }

    private ReplicaMessages() {
    }

    public static byte[] encode(TableId table, byte[]... parts) {
        byte[] keyspace = table.keyspace().getBytes(StandardCharsets.UTF_8);
        byte[] name = table.table().getBytes(StandardCharsets.UTF_8);
        int size = 8 + keyspace.length + name.length + 4;
        for (byte[] part : parts) {
            size += 4 + part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(keyspace.length).put(keyspace).putInt(name.length).put(name).putInt(parts.length);
        for (byte[] part : parts) {
            out.putInt(part.length).put(part);
        }
        return out.array();
    }

    public static Parts decode(byte[] message, int expectedParts) {
        try {
            ByteBuffer in = ByteBuffer.wrap(message);
            String keyspace = string(in);
            String table = string(in);
            int count = in.getInt();
            if (count != expectedParts) {
                throw new MalformedMessageException("expected " + expectedParts + " parts, got " + count);
            }
            byte[][] parts = new byte[count][];
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new MalformedMessageException("part of " + length + " bytes");
                }
                parts[i] = new byte[length];
                in.get(parts[i]);
            }
            return new Parts(new TableId(keyspace, table), parts);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage() == null ? "truncated" : e.getMessage());
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining() || length > 1024) {
            throw new MalformedMessageException("name of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static byte[] encodeList(List<byte[]> messages) {
        int size = 4;
        for (byte[] message : messages) {
            size += 4 + message.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(messages.size());
        for (byte[] message : messages) {
            out.putInt(message.length).put(message);
        }
        return out.array();
    }

    public static PartsList decodeList(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int count = in.getInt();
            if (count < 0 || count > in.remaining() / 4) {
                throw new MalformedMessageException("list of " + count + " messages");
            }
            List<Parts> list = new java.util.ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new MalformedMessageException("message of " + length + " bytes");
                }
                byte[] message = new byte[length];
                in.get(message);
                list.add(decode(message, 1));
            }
            return new PartsList(list);
        } catch (BufferUnderflowException e) {
            throw new MalformedMessageException("truncated");
        }
    }

    public static byte[] key(io.cairn.storage.PartitionKey key) {
        return ByteBuffer.allocate(8 + key.key().length).putLong(key.token()).put(key.key()).array();
    }

    public static io.cairn.storage.PartitionKey key(byte[] bytes) {
        if (bytes.length < 8) {
            throw new MalformedMessageException("partition key of " + bytes.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long token = in.getLong();
        byte[] key = new byte[in.remaining()];
        in.get(key);
        return new io.cairn.storage.PartitionKey(token, key);
    }
}
