package io.cairn.node.metadata.log;

import io.cairn.cql.type.NativeType;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.schema.ColumnKind;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.TableLayout;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.schema.TableParams;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.CorruptDataException;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;
import io.cairn.storage.StorageEngine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The layout of the local log's tables, defined as the CQL tables they would be shown as:
 *
 * <pre>
 * system.metadata_log       (key text, epoch bigint, entry_id bigint, kind text, entry blob,
 *                            PRIMARY KEY ((key), epoch))                  key = 'log'
 * system.metadata_snapshots (key text, epoch bigint, chunk int, chunks int, snapshot blob,
 *                            PRIMARY KEY ((key), epoch, chunk))           key = 'snapshots'
 * </pre>
 *
 * {@code entry} is the whole serialized {@link io.cairn.node.metadata.LogEntry} (its epoch, id
 * and kind are repeated in their columns for whoever reads the table); a snapshot's chunks
 * concatenated are the serialized {@link io.cairn.node.metadata.ClusterMetadata}.
 */
final class LogTables {

    static final String KEY = "key";
    static final String EPOCH = "epoch";
    static final String ENTRY_ID = "entry_id";
    static final String KIND = "kind";
    static final String ENTRY = "entry";
    static final String CHUNK = "chunk";
    static final String CHUNKS = "chunks";
    static final String SNAPSHOT = "snapshot";

    static final TableMetadata LOG = table("metadata_log", List.of(
            new ColumnMetadata(KEY, ColumnKind.PARTITION_KEY, 0, NativeType.TEXT, false),
            new ColumnMetadata(EPOCH, ColumnKind.CLUSTERING, 0, NativeType.BIGINT, false),
            new ColumnMetadata(ENTRY_ID, ColumnKind.REGULAR, -1, NativeType.BIGINT, false),
            new ColumnMetadata(KIND, ColumnKind.REGULAR, -1, NativeType.TEXT, false),
            new ColumnMetadata(ENTRY, ColumnKind.REGULAR, -1, NativeType.BLOB, false)));
    static final TableMetadata SNAPSHOTS = table("metadata_snapshots", List.of(
            new ColumnMetadata(KEY, ColumnKind.PARTITION_KEY, 0, NativeType.TEXT, false),
            new ColumnMetadata(EPOCH, ColumnKind.CLUSTERING, 0, NativeType.BIGINT, false),
            new ColumnMetadata(CHUNK, ColumnKind.CLUSTERING, 1, NativeType.INT, false),
            new ColumnMetadata(CHUNKS, ColumnKind.REGULAR, -1, NativeType.INT, false),
            new ColumnMetadata(SNAPSHOT, ColumnKind.REGULAR, -1, NativeType.BLOB, false)));

    static final String LOG_PARTITION = "log";
    static final String SNAPSHOTS_PARTITION = "snapshots";
    static final PartitionKey LOG_KEY = TableLayout.partitionKey(LOG, List.of(SchemaRows.text(LOG_PARTITION)));
    static final PartitionKey SNAPSHOTS_KEY = TableLayout.partitionKey(SNAPSHOTS,
            List.of(SchemaRows.text(SNAPSHOTS_PARTITION)));

    private LogTables() {
    }

    private static TableMetadata table(String name, List<ColumnMetadata> columns) {
        UUID id = UUID.nameUUIDFromBytes(("system." + name).getBytes(StandardCharsets.UTF_8));
        return new TableMetadata("system", name, id, columns, TableParams.DEFAULTS);
    }

    static ByteBuffer bigint(long value) {
        return NativeType.BIGINT.decompose(value);
    }

    /** The clustering prefix of {@code epoch}'s rows in {@code table}. */
    static Clustering epochPrefix(TableMetadata table, Epoch epoch) {
        return TableLayout.clustering(table, List.of(bigint(epoch.value())));
    }

    static long epochOf(TableMetadata table, Row row) {
        return (Long) NativeType.BIGINT.compose(TableLayout.clusteringValues(table, row.clustering()).get(0));
    }

    /** The stored row of {@code epoch}'s entry, or null. */
    static Row entryRow(StorageEngine storage, Epoch epoch, long nowSeconds) {
        ReadFilter filter = ReadFilter.all(nowSeconds).withRowLimit(1)
                .withSlices(List.of(Slice.prefixedBy(epochPrefix(LOG, epoch))));
        List<Row> rows = storage.read(LOG.tableId(), LOG_KEY, filter).rows();
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** An entry's row, for a message: its id and kind. */
    static String describe(Row entryRow) {
        Cell id = entryRow.cell(ENTRY_ID);
        Cell kind = entryRow.cell(KIND);
        return (id == null ? "?" : NativeType.BIGINT.compose(ByteBuffer.wrap(id.value()))) + " ("
                + (kind == null ? "?" : new String(kind.value(), StandardCharsets.UTF_8)) + ")";
    }

    /**
     * The bytes of the snapshot of {@code epoch} from its rows, in chunk order: each must say
     * how many chunks there are, and all of them must be there.
     */
    static byte[] joinChunks(List<Row> rows, long epoch, int maxChunks) {
        int total = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Cell chunks = row.cell(CHUNKS);
            Cell part = row.cell(SNAPSHOT);
            int chunk = (Integer) NativeType.INT.compose(TableLayout.clusteringValues(SNAPSHOTS, row.clustering())
                    .get(1));
            int count = chunks == null || chunks.value().length != Integer.BYTES ? -1
                    : ByteBuffer.wrap(chunks.value()).getInt();
            if (chunk != i || part == null || count != rows.size() || count > maxChunks) {
                throw new CorruptDataException("The snapshot of epoch " + epoch + " in " + SNAPSHOTS.tableId()
                        + " is incomplete: its row " + i + " is chunk " + chunk + " of " + count + ", with"
                        + (part == null ? "out" : "") + " bytes, among " + rows.size() + " rows");
            }
            total = Math.addExact(total, part.value().length);
        }
        ByteBuffer bytes = ByteBuffer.allocate(total);
        rows.forEach(row -> bytes.put(row.cell(SNAPSHOT).value()));
        return bytes.array();
    }
}
