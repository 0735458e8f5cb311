package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;

import java.util.Objects;
import java.util.UUID;

/**
 * Removes a stored batch that was applied in full. Layout: {@code [version][uuid id]}.
 */
public record BatchRemoveMessage(UUID id) implements ReplicaMessage {

    public BatchRemoveMessage {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public Verb verb() {
        return Verb.BATCH_REMOVE;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        out.writeUuid(id);
        return out.toByteArray();
    }

    public static BatchRemoveMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "BATCH_REMOVE message",
                in -> new BatchRemoveMessage(in.readUuid()));
    }
}
