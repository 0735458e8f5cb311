package io.cairn.node.schema;

import io.cairn.common.encoding.ByteSink;
import io.cairn.common.encoding.KeyCodec;
import io.cairn.common.encoding.KeyOrder;
import io.cairn.common.encoding.KeyReader;
import io.cairn.common.encoding.KeyType;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionKey;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * How a table's CQL values map to the storage engine's keys: the partition key's composite
 * serialization and token, the clustering's order-preserving encoding (DESC columns
 * inverted), and the cell paths of multi-cell collections.
 */
public final class TableLayout {

    private TableLayout() {
    }

    /** The storage key of a partition from its key columns' values (none null). */
    public static PartitionKey partitionKey(TableMetadata table, List<ByteBuffer> values) {
        for (int i = 0; i < values.size(); i++) {
            ByteBuffer value = values.get(i);
            ColumnMetadata column = table.partitionKey().get(i);
            if (value == null) {
                throw CqlException.invalid("Invalid null value in condition for column " + column.name());
            }
            if (value.remaining() > PartitionKeySerializer.MAX_COMPONENT_BYTES) {
                throw CqlException.invalid("Key length of " + value.remaining() + " is longer than maximum of "
                        + PartitionKeySerializer.MAX_COMPONENT_BYTES);
            }
            if (value.remaining() == 0 && values.size() == 1) {
                throw CqlException.invalid("Key may not be empty");
            }
        }
        byte[] key = PartitionKeySerializer.serialize(values);
        return new PartitionKey(PartitionKeySerializer.token(key), key);
    }

    /** The partition key columns' values of a stored partition key. */
    public static List<ByteBuffer> partitionKeyValues(TableMetadata table, PartitionKey key) {
        return PartitionKeySerializer.deserialize(key.key(), table.partitionKey().size());
    }

    /** The encoded clustering prefix of these leading clustering values (none null). */
    public static Clustering clustering(TableMetadata table, List<ByteBuffer> values) {
        return clustering(table, values, false);
    }

    /**
     * The clustering prefix a range bound or an equality restriction starts from: like
     * {@link #clustering(TableMetadata, List)}, but the last value is encoded by value only, so
     * that rows holding any form of it (decimal 2.5 and 2.50) start with the prefix, as
     * Cassandra's comparator finds them all equal to it.
     */
    public static Clustering clusteringBound(TableMetadata table, List<ByteBuffer> values) {
        return clustering(table, values, true);
    }

    private static Clustering clustering(TableMetadata table, List<ByteBuffer> values, boolean isLastByValueOnly) {
        if (values.isEmpty()) {
            return Clustering.EMPTY;
        }
        ByteSink sink = new ByteSink();
        for (int i = 0; i < values.size(); i++) {
            ColumnMetadata column = table.clustering().get(i);
            ByteBuffer value = values.get(i);
            if (value == null) {
                throw CqlException.invalid("Invalid null value in condition for column " + column.name());
            }
            if (value.remaining() > 0xFFFF) {
                throw CqlException.invalid("Clustering key value of " + value.remaining()
                        + " bytes for column " + column.name() + " is longer than the maximum of 65535");
            }
            if (isLastByValueOnly && i == values.size() - 1) {
                KeyCodec.encodeSerializedValueOnly(keyType(column), value, order(column), sink);
            } else {
                KeyCodec.encodeSerialized(keyType(column), value, order(column), sink);
            }
        }
        return Clustering.of(sink.toByteArray());
    }

    /** The clustering columns' values of a stored row. */
    public static List<ByteBuffer> clusteringValues(TableMetadata table, Clustering clustering) {
        List<ByteBuffer> values = new ArrayList<>(table.clustering().size());
        if (clustering.size() == 0) {
            return values;
        }
        KeyReader reader = new KeyReader(clustering.bytes());
        for (ColumnMetadata column : table.clustering()) {
            if (!reader.hasRemaining()) {
                break;
            }
            values.add(KeyCodec.decodeSerialized(keyType(column), order(column), reader));
        }
        return values;
    }

    /** The cell path of a set element or map key: its ascending key encoding. */
    public static byte[] elementPath(CqlType elementType, ByteBuffer element) {
        KeyType keyType = elementType.keyType().orElseThrow(
                () -> CqlException.invalid("Values of type " + elementType.asCql() + " cannot be collection keys"));
        ByteSink sink = new ByteSink();
        KeyCodec.encodeSerialized(keyType, element, KeyOrder.ASCENDING, sink);
        return sink.toByteArray();
    }

    /** The set element or map key stored as a cell path. */
    public static ByteBuffer elementOfPath(CqlType elementType, byte[] path) {
        KeyType keyType = elementType.keyType().orElseThrow();
        return KeyCodec.decodeSerialized(keyType, KeyOrder.ASCENDING, new KeyReader(path));
    }

    /** The cell path of a field of a non-frozen user type: its position, 2 bytes. */
    public static byte[] fieldPath(int fieldIndex) {
        return new byte[] {(byte) (fieldIndex >>> 8), (byte) fieldIndex};
    }

    public static int fieldOfPath(byte[] path) {
        return (path[0] & 0xFF) << 8 | path[1] & 0xFF;
    }

    static KeyType keyType(ColumnMetadata column) {
        return column.type().keyType().orElseThrow(
                () -> new IllegalStateException("Key column " + column.name() + " has no key encoding"));
    }

    static KeyOrder order(ColumnMetadata column) {
        return column.isDescending() ? KeyOrder.DESCENDING : KeyOrder.ASCENDING;
    }
}
