package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;

import java.util.Objects;

/**
 * Paxos, one-way: every replica of the partition committed {@code ballot}, so none will ever
 * need its update again; the replica drops the update from its accepted and committed
 * registers where they still hold that ballot, keeping the ballots. Nothing is answered.
 * Layout: {@code [version][ballot][table][key]}.
 */
public record PaxosCleanupMessage(Ballot ballot, TableId table, PartitionKey key) implements ReplicaMessage {

    public PaxosCleanupMessage {
        Objects.requireNonNull(ballot, "ballot");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public Verb verb() {
        return Verb.PAXOS_CLEANUP;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        Ballot.write(out, ballot);
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, key);
        return out.toByteArray();
    }

    public static PaxosCleanupMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "PAXOS_CLEANUP message",
                in -> new PaxosCleanupMessage(Ballot.read(in), ReplicaWire.readTable(in),
                        StorageSerializers.readKey(in)));
    }
}
