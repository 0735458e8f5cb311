package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;

import java.util.Objects;

/**
 * A write a replica missed, replayed from a hint, with when it was hinted (a replica that
 * truncated the table since leaves it out). Layout: {@code [version][table][update][long hintedAtMicros]}.
 */
public record HintMessage(TableId table, PartitionUpdate update, long hintedAtMicros)
        implements ReplicaMessage {

    public HintMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(update, "update");
    }

    @Override
    public Verb verb() {
        return Verb.HINT;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, update);
        out.writeLong(hintedAtMicros);
        return out.toByteArray();
    }

    public static HintMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "HINT message",
                in -> new HintMessage(ReplicaWire.readTable(in),
                        StorageSerializers.readUpdate(in), in.readLong()));
    }
}
