package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.wire.StorageSerializers;

import java.util.List;
import java.util.Objects;

/**
 * An incremental repair asks a replica which partitions of a table in a token range it wrote
 * since their last repair. The answer ({@link #answer}) holds its unrepaired high water, taken
 * before it listed them, and the partitions, or says there are more than
 * {@link RepairTreeMessage#MAX_PARTITIONS} (the repair then compares the whole piece). Layout:
 * {@code [version][table][range]}.
 */
public record RepairUnrepairedMessage(TableId table, TokenRange range) implements ReplicaMessage {

    public RepairUnrepairedMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(range, "range");
    }

    /**
     * A replica's answer.
     *
     * @param highWater  its unrepaired high water when it began listing
     * @param partitions the partitions listed, sorted; null when there were too many
     */
    public record Answer(long highWater, List<PartitionKey> partitions) {
    }

    @Override
    public Verb verb() {
        return Verb.REPAIR_UNREPAIRED;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, new StorageSerializers.RangeRequest(range, null));
        return out.toByteArray();
    }

    public static RepairUnrepairedMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "REPAIR_UNREPAIRED message", in -> {
            TableId table = ReplicaWire.readTable(in);
            StorageSerializers.RangeRequest request = StorageSerializers.readRangeRequest(in);
            if (request.resumeAfter() != null) {
                throw in.malformed("a list covers a whole range");
            }
            return new RepairUnrepairedMessage(table, request.range());
        });
    }

    /** The bytes of an answer: {@code [highWater][0 | 1 count partition...]}. */
    public static byte[] answer(long highWater, List<PartitionKey> partitions) {
        ByteWriter out = new ByteWriter(64).writeLong(highWater);
        RepairTreeMessage.writePartitions(out, partitions);
        return out.toByteArray();
    }

    /** Reads {@link #answer}'s bytes; throws MalformedMessageException when they are not that. */
    public static Answer readAnswer(byte[] bytes, TokenRange range) {
        ByteReader in = new ByteReader(bytes, "REPAIR_UNREPAIRED answer");
        long highWater = in.readLong();
        List<PartitionKey> partitions = RepairTreeMessage.readPartitions(in, range);
        in.expectEnd();
        return new Answer(highWater, partitions);
    }
}
