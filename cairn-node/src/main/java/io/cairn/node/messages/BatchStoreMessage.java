package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A LOGGED batch for another node to hold until it is applied (or to replay if its coordinator
 * dies first). Layout: {@code [version][uuid id][int count][table, update]...}.
 */
public record BatchStoreMessage(UUID id, List<TableMutation> mutations) implements ReplicaMessage {

    public BatchStoreMessage {
        Objects.requireNonNull(id, "id");
        mutations = List.copyOf(mutations);
    }

    @Override
    public Verb verb() {
        return Verb.BATCH_STORE;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        out.writeUuid(id);
        ReplicaWire.writeMutations(out, mutations);
        return out.toByteArray();
    }

    public static BatchStoreMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "BATCH_STORE message",
                in -> new BatchStoreMessage(in.readUuid(),
                        ReplicaWire.readMutations(in)));
    }
}
