package io.cairn.node.index;

import io.cairn.common.encoding.ByteSink;
import io.cairn.common.encoding.KeyCodec;
import io.cairn.common.encoding.KeyOrder;
import io.cairn.common.encoding.KeyReader;
import io.cairn.common.encoding.NativeKeyType;
import io.cairn.cql.type.CqlType;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionKey;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How an index's table keys its entries. A partition holds the rows of one indexed value: its
 * key is the value's order-preserving encoding (by value only, so that decimal 2.5 and 2.50 share
 * it), its token the first 8 bytes of that, so that partitions sort as their values do and a
 * range of values is a range of tokens. A row of it is one row (or partition) of the table that
 * holds the value: its clustering is the row's token (8 bytes, sign flipped), its partition key
 * (escaped, so prefix-free) and its clustering, so that within a value rows sort in the table's
 * scan order.
 */
final class IndexKeys {

    private IndexKeys() {
    }

    /** A base row, as an index entry names it. */
    record BaseRow(PartitionKey partition, Clustering clustering) {
    }

    /** The order-preserving encoding of a value, by value only. */
    static byte[] valueKey(CqlType type, ByteBuffer value) {
        ByteSink sink = new ByteSink();
        KeyCodec.encodeSerializedValueOnly(type.keyType().orElseThrow(
                () -> new IllegalArgumentException("Values of type " + type.asCql() + " cannot be indexed")),
                value, KeyOrder.ASCENDING, sink);
        return sink.toByteArray();
    }

    /** The encoding of a map entry: the key (prefix-free), then the value by value only. */
    static byte[] entryKey(CqlType keyType, ByteBuffer key, CqlType valueType, ByteBuffer value) {
        ByteSink sink = new ByteSink();
        KeyCodec.encodeSerialized(keyType.keyType().orElseThrow(), key, KeyOrder.ASCENDING, sink);
        KeyCodec.encodeSerializedValueOnly(valueType.keyType().orElseThrow(), value, KeyOrder.ASCENDING, sink);
        return sink.toByteArray();
    }

    /** The index partition of an encoded value. */
    static PartitionKey partition(byte[] encoded) {
        return new PartitionKey(token(encoded), encoded);
    }

    /** The token of an encoded value: its first 8 bytes (zero-padded), signed so that tokens sort as the bytes do. */
    static long token(byte[] encoded) {
        long prefix = 0;
        for (int i = 0; i < 8; i++) {
            prefix = prefix << 8 | (i < encoded.length ? encoded[i] & 0xFF : 0);
        }
        return prefix ^ Long.MIN_VALUE;
    }

    /** An index row's clustering: the base row's token, partition key and clustering. */
    static Clustering clustering(PartitionKey partition, Clustering clustering) {
        ByteSink sink = new ByteSink(ByteSink.DEFAULT_MAX_BYTES);
        tokenBytes(partition.token(), sink);
        KeyCodec.encodeSerialized(NativeKeyType.BLOB, ByteBuffer.wrap(partition.key()), KeyOrder.ASCENDING, sink);
        sink.writeBytes(clustering.bytes(), 0, clustering.size());
        return Clustering.of(sink.toByteArray());
    }

    /** The clustering prefix of every entry of the base partition {@code partition}. */
    static Clustering partitionPrefix(PartitionKey partition) {
        return clustering(partition, Clustering.EMPTY);
    }

    /** The clustering prefix of every entry of rows whose token is {@code token}. */
    static Clustering tokenPrefix(long token) {
        ByteSink sink = new ByteSink();
        tokenBytes(token, sink);
        return Clustering.of(sink.toByteArray());
    }

    private static void tokenBytes(long token, ByteSink sink) {
        long flipped = token ^ Long.MIN_VALUE;
        for (int shift = 56; shift >= 0; shift -= 8) {
            sink.writeByte((int) (flipped >>> shift) & 0xFF);
        }
    }

    /** The base row an index row's clustering names. */
    static BaseRow baseRow(Clustering entry) {
        byte[] bytes = entry.bytes();
        if (bytes.length < 8) {
            throw new IllegalStateException("An index entry of " + bytes.length + " bytes names no row");
        }
        long flipped = 0;
        for (int i = 0; i < 8; i++) {
            flipped = flipped << 8 | bytes[i] & 0xFF;
        }
        KeyReader reader = new KeyReader(bytes, 8, bytes.length);
        ByteBuffer key = KeyCodec.decodeSerialized(NativeKeyType.BLOB, KeyOrder.ASCENDING, reader);
        byte[] keyBytes = new byte[key.remaining()];
        key.get(keyBytes);
        Clustering clustering = Clustering.of(Arrays.copyOfRange(bytes, reader.position(), bytes.length));
        return new BaseRow(new PartitionKey(flipped ^ Long.MIN_VALUE, keyBytes), clustering);
    }
}
