package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;

import java.util.Objects;

/**
 * A counter write for the replica that leads it: one partition's update, whose increments the
 * leader turns into its shards, written at {@code consistency}. Layout:
 * {@code [version][table][byte consistency][update]}.
 */
public record CounterWriteMessage(TableId table, ConsistencyLevel consistency, PartitionUpdate update)
        implements ReplicaMessage {

    public CounterWriteMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(consistency, "consistency");
        Objects.requireNonNull(update, "update");
    }

    @Override
    public Verb verb() {
        return Verb.COUNTER_WRITE;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        out.writeByte(consistency.code());
        StorageSerializers.write(out, update);
        return out.toByteArray();
    }

    public static CounterWriteMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "COUNTER_WRITE message",
                in -> new CounterWriteMessage(ReplicaWire.readTable(in), readConsistency(in),
                        StorageSerializers.readUpdate(in)));
    }

    private static ConsistencyLevel readConsistency(ByteReader in) {
        int code = in.readUnsignedByte();
        ConsistencyLevel consistency = ConsistencyLevel.of(code);
        if (consistency == null) {
            throw in.malformed("unknown consistency level " + code);
        }
        return consistency;
    }
}
