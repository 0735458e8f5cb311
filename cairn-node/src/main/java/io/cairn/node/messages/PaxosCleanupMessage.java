package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Paxos, one-way: for each of its {@link Cleanup}s, every replica of the partition committed
 * the ballot, so none will ever need its update again; the replica drops the update from its
 * accepted and committed registers where they still hold that ballot, keeping the ballots.
 * Nothing is answered. A coordinator gathers its cleanups for one replica into one message of
 * at most {@link #MAX_CLEANUPS}. Layout: {@code [version][count]([ballot][table][key])*}.
 */
public record PaxosCleanupMessage(List<Cleanup> cleanups) implements ReplicaMessage {

    /** The most cleanups one message carries (and a replica accepts). */
    public static final int MAX_CLEANUPS = 1_024;
    /** The fewest bytes one cleanup takes on the wire: a ballot, two short names and a token. */
    private static final int MIN_CLEANUP_BYTES = Ballot.BYTES + 4;

    /** One partition's committed ballot whose update may be dropped. */
    public record Cleanup(Ballot ballot, TableId table, PartitionKey key) {
        public Cleanup {
            Objects.requireNonNull(ballot, "ballot");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(key, "key");
        }
    }

    public PaxosCleanupMessage {
        cleanups = List.copyOf(cleanups);
        if (cleanups.isEmpty() || cleanups.size() > MAX_CLEANUPS) {
            throw new IllegalArgumentException("A cleanup message carries 1 to " + MAX_CLEANUPS + " cleanups, not "
                    + cleanups.size());
        }
    }

    /** A message with one cleanup. */
    public PaxosCleanupMessage(Ballot ballot, TableId table, PartitionKey key) {
        this(List.of(new Cleanup(ballot, table, key)));
    }

    @Override
    public Verb verb() {
        return Verb.PAXOS_CLEANUP;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        out.writeInt(cleanups.size());
        for (Cleanup cleanup : cleanups) {
            Ballot.write(out, cleanup.ballot());
            ReplicaWire.writeTable(out, cleanup.table());
            StorageSerializers.write(out, cleanup.key());
        }
        return out.toByteArray();
    }

    public static PaxosCleanupMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "PAXOS_CLEANUP message", in -> {
            int count = in.readCount(MIN_CLEANUP_BYTES, MAX_CLEANUPS);
            if (count == 0) {
                throw in.malformed("expected at least one cleanup");
            }
            List<Cleanup> cleanups = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                cleanups.add(new Cleanup(Ballot.read(in), ReplicaWire.readTable(in), StorageSerializers.readKey(in)));
            }
            return new PaxosCleanupMessage(cleanups);
        });
    }
}
