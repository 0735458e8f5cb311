package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.TableId;
import io.cairn.storage.UpdatePage;
import io.cairn.storage.wire.StorageSerializers;

import java.util.List;
import java.util.Objects;

/**
 * Repair sends a replica a page of partitions, as the sender stores them, where the two
 * replicas' hash trees differ; the replica merges them into its own (one write) and answers
 * with an empty payload. Layout: {@code [version][table][partitions]}.
 */
public record RepairWriteMessage(TableId table, List<PartitionUpdate> updates) implements ReplicaMessage {

    public RepairWriteMessage {
        Objects.requireNonNull(table, "table");
        updates = List.copyOf(updates);
    }

    @Override
    public Verb verb() {
        return Verb.REPAIR_WRITE;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, new UpdatePage(updates, null));
        return out.toByteArray();
    }

    public static RepairWriteMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "REPAIR_WRITE message", in -> {
            TableId table = ReplicaWire.readTable(in);
            UpdatePage page = StorageSerializers.readUpdatePage(in);
            if (page.resumeAfter() != null) {
                throw in.malformed("a repair write has no resume position");
            }
            return new RepairWriteMessage(table, page.updates());
        });
    }
}
