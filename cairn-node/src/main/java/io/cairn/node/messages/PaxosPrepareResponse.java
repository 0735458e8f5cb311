package io.cairn.node.messages;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.wire.StorageSerializers;

/**
 * A replica's answer to a {@link PaxosPrepareMessage}. Layout: {@code [version][bool promised]
 * [ballot promisedBallot][nullable ballot, nullable update: accepted][nullable ballot,
 * nullable update: committed][nullable update: data]}.
 *
 * @param promised        whether the replica promised the ballot
 * @param promisedBallot  its highest promise now: the ballot itself when promised, else the
 *                        higher one that refused it, for the coordinator to move past
 * @param acceptedBallot  the ballot of a proposal it accepted and has not seen committed, or null
 * @param accepted        that proposal, or null
 * @param committedBallot the ballot of the latest proposal it committed, or null
 * @param committed       that proposal while the replica keeps it, or null
 * @param data            the partition as stored within the prepare's slices, tombstones included,
 *                        when promised; else null
 */
public record PaxosPrepareResponse(boolean promised, Ballot promisedBallot, Ballot acceptedBallot,
                                   PartitionUpdate accepted, Ballot committedBallot, PartitionUpdate committed,
                                   PartitionUpdate data) {

    public PaxosPrepareResponse {
        if (promisedBallot == null) {
            throw new IllegalArgumentException("A prepare answer names the replica's promised ballot");
        }
        if ((acceptedBallot == null) != (accepted == null)) {
            throw new IllegalArgumentException("An accepted proposal has both a ballot and an update");
        }
        if (committed != null && committedBallot == null) {
            throw new IllegalArgumentException("A committed proposal has a ballot");
        }
        if (promised != (data != null)) {
            throw new IllegalArgumentException("A promise carries the partition's data, and only a promise");
        }
    }

    /** A refusal: the replica had promised {@code promisedBallot}, which is at least the ballot asked for. */
    public static PaxosPrepareResponse refused(Ballot promisedBallot) {
        return new PaxosPrepareResponse(false, promisedBallot, null, null, null, null, null);
    }

    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        out.writeBoolean(promised);
        Ballot.write(out, promisedBallot);
        Ballot.writeNullable(out, acceptedBallot);
        writeNullable(out, accepted);
        Ballot.writeNullable(out, committedBallot);
        writeNullable(out, committed);
        writeNullable(out, data);
        return out.toByteArray();
    }

    public static PaxosPrepareResponse deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "PAXOS_PREPARE response", in -> {
            boolean promised = in.readBoolean();
            Ballot promisedBallot = Ballot.read(in);
            Ballot acceptedBallot = Ballot.readNullable(in);
            PartitionUpdate accepted = readNullable(in);
            Ballot committedBallot = Ballot.readNullable(in);
            PartitionUpdate committed = readNullable(in);
            PartitionUpdate data = readNullable(in);
            try {
                return new PaxosPrepareResponse(promised, promisedBallot, acceptedBallot, accepted, committedBallot,
                        committed, data);
            } catch (IllegalArgumentException e) {
                throw in.malformed(e.getMessage());
            }
        });
    }

    private static void writeNullable(ByteWriter out, PartitionUpdate update) {
        out.writeBoolean(update != null);
        if (update != null) {
            StorageSerializers.write(out, update);
        }
    }

    private static PartitionUpdate readNullable(ByteReader in) {
        return in.readBoolean() ? StorageSerializers.readUpdate(in) : null;
    }
}
