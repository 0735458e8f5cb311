package io.cairn.node.messages;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Paxos round 2 for one partition: accept {@code update} at {@code ballot} unless a higher
 * ballot was promised. {@code acceptedBy} are the replicas known to have accepted it already
 * (the coordinator, when it is a replica); when they and the receiver make {@code required},
 * the proposal is chosen and the receiver commits it at once and answers COMMITTED, which
 * saves the commit round trip. Layout:
 * {@code [version][ballot][table][update][int required][int count]([string host][int port])*}.
 */
public record PaxosProposeMessage(Ballot ballot, TableId table, PartitionUpdate update, List<NodeAddress> acceptedBy,
                                  int required) implements ReplicaMessage {

    /** The longest host name or address a node is named by. */
    static final int MAX_HOST_BYTES = 255;
    /** The smallest address on the wire: an empty host's length and a port. */
    private static final int MIN_ADDRESS_BYTES = 8;

    public PaxosProposeMessage {
        Objects.requireNonNull(ballot, "ballot");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(update, "update");
        acceptedBy = List.copyOf(acceptedBy);
        if (required < 1) {
            throw new IllegalArgumentException("A proposal needs at least one acceptance, not " + required);
        }
    }

    @Override
    public Verb verb() {
        return Verb.PAXOS_PROPOSE;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        Ballot.write(out, ballot);
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, update);
        out.writeInt(required);
        out.writeInt(acceptedBy.size());
        for (NodeAddress node : acceptedBy) {
            out.writeString(node.host());
            out.writeInt(node.port());
        }
        return out.toByteArray();
    }

    public static PaxosProposeMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "PAXOS_PROPOSE message", in -> {
            Ballot ballot = Ballot.read(in);
            TableId table = ReplicaWire.readTable(in);
            PartitionUpdate update = StorageSerializers.readUpdate(in);
            int required = in.readInt();
            if (required < 1) {
                throw in.malformed("a proposal needs at least one acceptance, not " + required);
            }
            int count = in.readCount(MIN_ADDRESS_BYTES);
            List<NodeAddress> acceptedBy = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                acceptedBy.add(readAddress(in));
            }
            return new PaxosProposeMessage(ballot, table, update, acceptedBy, required);
        });
    }

    private static NodeAddress readAddress(ByteReader in) {
        String host = in.readString(MAX_HOST_BYTES);
        int port = in.readInt();
        try {
            return new NodeAddress(host, port);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }
}
