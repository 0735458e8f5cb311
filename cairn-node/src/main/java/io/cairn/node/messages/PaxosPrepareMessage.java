package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;

import java.util.Objects;

/**
 * Paxos round 1 for one partition: promise {@code ballot} if it is higher than any ballot the
 * replica has promised, accepted or committed there, and answer its Paxos state and the raw
 * partition within the slices of {@code filter}, the transaction's read
 * ({@link PaxosPrepareResponse}). Layout: {@code [version][ballot][table][key][filter]}.
 */
public record PaxosPrepareMessage(Ballot ballot, TableId table, PartitionKey key, ReadFilter filter)
        implements ReplicaMessage {

    public PaxosPrepareMessage {
        Objects.requireNonNull(ballot, "ballot");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(filter, "filter");
    }

    @Override
    public Verb verb() {
        return Verb.PAXOS_PREPARE;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        Ballot.write(out, ballot);
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, key);
        StorageSerializers.write(out, filter);
        return out.toByteArray();
    }

    public static PaxosPrepareMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "PAXOS_PREPARE message",
                in -> new PaxosPrepareMessage(Ballot.read(in), ReplicaWire.readTable(in),
                        StorageSerializers.readKey(in), StorageSerializers.readFilter(in)));
    }
}
