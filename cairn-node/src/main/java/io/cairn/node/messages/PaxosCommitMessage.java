package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;

import java.util.Objects;

/**
 * Paxos: {@code update} was chosen at {@code ballot}; apply it and record the commit. The
 * replica answers with an empty payload once both are durable. Layout:
 * {@code [version][ballot][table][update]}.
 */
public record PaxosCommitMessage(Ballot ballot, TableId table, PartitionUpdate update) implements ReplicaMessage {

    public PaxosCommitMessage {
        Objects.requireNonNull(ballot, "ballot");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(update, "update");
    }

    @Override
    public Verb verb() {
        return Verb.PAXOS_COMMIT;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        Ballot.write(out, ballot);
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, update);
        return out.toByteArray();
    }

    public static PaxosCommitMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "PAXOS_COMMIT message",
                in -> new PaxosCommitMessage(Ballot.read(in), ReplicaWire.readTable(in),
                        StorageSerializers.readUpdate(in)));
    }
}
