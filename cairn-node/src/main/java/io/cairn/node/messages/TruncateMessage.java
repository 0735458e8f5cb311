package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.TableId;

import java.util.Objects;

/**
 * Empties a table on a member. Layout: {@code [version][table]}.
 */
public record TruncateMessage(TableId table) implements ReplicaMessage {

    /** A member's one-byte answer to a TRUNCATE: the table is empty there. */
    public static final byte TRUNCATED = 1;

    /** A member's one-byte answer when it could not truncate (it lacks the table, or its storage failed). */
    public static final byte FAILED = 0;

    public TruncateMessage {
        Objects.requireNonNull(table, "table");
    }

    @Override
    public Verb verb() {
        return Verb.TRUNCATE;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        return out.toByteArray();
    }

    public static TruncateMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "TRUNCATE message",
                in -> new TruncateMessage(ReplicaWire.readTable(in)));
    }
}
