package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;

import java.util.Objects;

/**
 * A read of one partition: its filtered rows, their digest, or its raw data (see {@link ReadMode}).
 * Layout: {@code [version][table][byte mode][key][filter]}.
 */
public record ReadMessage(TableId table, ReadMode mode, PartitionKey key, ReadFilter filter)
        implements ReplicaMessage {

    public ReadMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(filter, "filter");
    }

    @Override
    public Verb verb() {
        return Verb.READ;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        out.writeByte(mode.id());
        StorageSerializers.write(out, key);
        StorageSerializers.write(out, filter);
        return out.toByteArray();
    }

    public static ReadMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "READ message",
                in -> new ReadMessage(ReplicaWire.readTable(in), ReadMode.read(in),
                        StorageSerializers.readKey(in), StorageSerializers.readFilter(in)));
    }
}
