package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;

import java.util.Objects;

/**
 * What a replica lacked of a partition, found by a read that compared replicas; applied like a
 * mutation. Layout: {@code [version][table][update]}.
 */
public record ReadRepairMessage(TableId table, PartitionUpdate update) implements ReplicaMessage {

    public ReadRepairMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(update, "update");
    }

    @Override
    public Verb verb() {
        return Verb.READ_REPAIR;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, update);
        return out.toByteArray();
    }

    public static ReadRepairMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "READ_REPAIR message",
                in -> new ReadRepairMessage(ReplicaWire.readTable(in),
                        StorageSerializers.readUpdate(in)));
    }
}
