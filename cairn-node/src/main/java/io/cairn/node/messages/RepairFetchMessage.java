package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.TableId;

import java.util.List;
import java.util.Objects;

/**
 * An incremental repair asks a replica for its data of some partitions of a table (sorted, at
 * most {@link #MAX_PARTITIONS}); the answer is an update page of them as stored (tombstones
 * included), without the absent ones. Layout: {@code [version][table][1 count partition...]}.
 */
public record RepairFetchMessage(TableId table, List<PartitionKey> partitions) implements ReplicaMessage {

    /** The most partitions asked for at once. */
    public static final int MAX_PARTITIONS = 256;

    public RepairFetchMessage {
        Objects.requireNonNull(table, "table");
        partitions = List.copyOf(partitions);
        if (partitions.isEmpty() || partitions.size() > MAX_PARTITIONS) {
            throw new IllegalArgumentException("A fetch asks for 1 to " + MAX_PARTITIONS + " partitions, not "
                    + partitions.size());
        }
    }

    @Override
    public Verb verb() {
        return Verb.REPAIR_FETCH;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        RepairTreeMessage.writePartitions(out, partitions);
        return out.toByteArray();
    }

    public static RepairFetchMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "REPAIR_FETCH message", in -> {
            TableId table = ReplicaWire.readTable(in);
            List<PartitionKey> partitions = RepairTreeMessage.readPartitions(in, null);
            if (partitions == null || partitions.isEmpty() || partitions.size() > MAX_PARTITIONS) {
                throw in.malformed("a fetch of " + (partitions == null ? "every" : partitions.size()) + " partitions");
            }
            return new RepairFetchMessage(table, partitions);
        });
    }
}
