package io.cairn.node.agreement;

import io.cairn.cql.type.NativeType;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.schema.ColumnKind;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.schema.TableParams;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * The storage table {@code system.metadata_slots}, outside the CQL schema like
 * {@code system.paxos}: one partition per epoch, whose one cell {@code entry} holds the
 * encoded log entry decided for that epoch. Paxos keeps each slot's registers under the
 * table's name; the slot's decided value is written here when it is committed.
 */
final class MetadataSlots {

    static final String ENTRY = "entry";
    static final TableMetadata TABLE = new TableMetadata("system", "metadata_slots",
            UUID.nameUUIDFromBytes("system.metadata_slots".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            List.of(new ColumnMetadata("epoch", ColumnKind.PARTITION_KEY, 0, NativeType.BIGINT, false),
                    new ColumnMetadata(ENTRY, ColumnKind.REGULAR, -1, NativeType.BLOB, false)),
            TableParams.DEFAULTS);

    private MetadataSlots() {
    }

    /**
     * The partition of {@code epoch}'s slot. Its token is the epoch itself (the table is not
     * placed on the ring), so that the slot's electorate can be worked out from it.
     */
    static PartitionKey key(Epoch epoch) {
        byte[] bytes = ByteBuffer.allocate(Long.BYTES).putLong(epoch.value()).array();
        return new PartitionKey(epoch.value(), bytes);
    }

    /** The epoch whose slot has {@code token}. */
    static Epoch slotOf(long token) {
        if (token < 1) {
            throw new IllegalArgumentException("No metadata log slot has token " + token);
        }
        return new Epoch(token);
    }

    /** The write that fills {@code epoch}'s slot with {@code entry}. */
    static PartitionUpdate fill(Epoch epoch, byte[] entry, long timestampMicros) {
        return PartitionUpdate.builder(key(epoch))
                .row(Row.builder(Clustering.EMPTY).cell(Cell.live(ENTRY, entry, timestampMicros)).build())
                .build();
    }

    /** The encoded entry a slot holds, or null when it is empty. */
    static byte[] entryOf(PartitionData slot, long nowSeconds) {
        for (Row row : slot.rows()) {
            Cell cell = row.cell(ENTRY);
            if (cell != null && cell.isLive(nowSeconds)) {
                return cell.value();
            }
        }
        return null;
    }
}
