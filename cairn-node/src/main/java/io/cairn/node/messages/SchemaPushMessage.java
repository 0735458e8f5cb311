package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;

import java.util.List;

/**
 * Schema rows a node wrote, for its peers to apply and reload. Layout:
 * {@code [version][int count][table, update]...}.
 */
public record SchemaPushMessage(List<TableMutation> mutations) implements ReplicaMessage {

    public SchemaPushMessage {
        mutations = List.copyOf(mutations);
    }

    @Override
    public Verb verb() {
        return Verb.SCHEMA_PUSH;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeMutations(out, mutations);
        return out.toByteArray();
    }

    public static SchemaPushMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "SCHEMA_PUSH message",
                in -> new SchemaPushMessage(ReplicaWire.readMutations(in)));
    }
}
