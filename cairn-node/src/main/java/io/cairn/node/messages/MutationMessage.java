package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;

import java.util.Objects;

/**
 * A write for a replica to apply. Layout: {@code [version][table][update]}.
 */
public record MutationMessage(TableId table, PartitionUpdate update) implements ReplicaMessage {

    public MutationMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(update, "update");
    }

    @Override
    public Verb verb() {
        return Verb.MUTATION;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, update);
        return out.toByteArray();
    }

    public static MutationMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "MUTATION message",
                in -> new MutationMessage(ReplicaWire.readTable(in),
                        StorageSerializers.readUpdate(in)));
    }
}
