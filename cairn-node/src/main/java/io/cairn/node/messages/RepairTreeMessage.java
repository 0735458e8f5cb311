package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.wire.StorageSerializers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Repair asks a replica for the hash tree of its data of a table in a token range, cut into
 * {@code leaves} leaves (a power of two, at most 2^14): of every partition there, or, for an
 * incremental repair, of {@code partitions} only (sorted, in the range; null: all). The answer
 * is {@link #answer}: the replica's unrepaired high water when it began, and the tree. Layout:
 * {@code [version][table][range][leaves][0 | 1 count partition...]}.
 */
public record RepairTreeMessage(TableId table, TokenRange range, int leaves, List<PartitionKey> partitions)
        implements ReplicaMessage {

    /** The most leaves a tree may be asked with (the tree's own limit). */
    public static final int MAX_LEAVES = 1 << 14;

    /** The most partitions an incremental repair compares in one piece; past it, it compares all. */
    public static final int MAX_PARTITIONS = 1 << 16;

    /** The most bytes of partition keys an incremental repair compares in one piece; past it, it compares all. */
    public static final long MAX_PARTITION_BYTES = 16L << 20;

    /** About the bytes {@code partition} takes in a list (its token and key, and their framing). */
    public static long bytesOf(PartitionKey partition) {
        return Long.BYTES + Integer.BYTES + partition.key().length;
    }

    public RepairTreeMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(range, "range");
        if (leaves < 1 || leaves > MAX_LEAVES || Integer.bitCount(leaves) != 1) {
            throw new IllegalArgumentException("A tree has a power of two of leaves, 1 to " + MAX_LEAVES + ", not "
                    + leaves);
        }
        if (partitions != null) {
            if (partitions.size() > MAX_PARTITIONS) {
                throw new IllegalArgumentException(partitions.size() + " partitions, more than " + MAX_PARTITIONS);
            }
            partitions = List.copyOf(partitions);
        }
    }

    /** A request for the tree of every partition of the range. */
    public RepairTreeMessage(TableId table, TokenRange range, int leaves) {
        this(table, range, leaves, null);
    }

    /** A replica's answer: its unrepaired high water, taken before it read, and its tree's bytes. */
    public record Answer(long highWater, byte[] tree) {
    }

    /** The bytes of an answer. */
    public static byte[] answer(long highWater, byte[] tree) {
        return new ByteWriter(tree.length + 8).writeLong(highWater).writeBytes(tree).toByteArray();
    }

    /** Reads {@link #answer}'s bytes. */
    public static Answer readAnswer(byte[] bytes) {
        ByteReader in = new ByteReader(bytes, "REPAIR_TREE answer");
        long highWater = in.readLong();
        byte[] tree = in.readBytes(bytes.length);
        in.expectEnd();
        return new Answer(highWater, tree);
    }

    @Override
    public Verb verb() {
        return Verb.REPAIR_TREE;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, new StorageSerializers.RangeRequest(range, null));
        out.writeInt(leaves);
        writePartitions(out, partitions);
        return out.toByteArray();
    }

    public static RepairTreeMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "REPAIR_TREE message", in -> {
            TableId table = ReplicaWire.readTable(in);
            StorageSerializers.RangeRequest request = StorageSerializers.readRangeRequest(in);
            if (request.resumeAfter() != null) {
                throw in.malformed("a tree covers a whole range");
            }
            int leaves = in.readInt();
            if (leaves < 1 || leaves > MAX_LEAVES || Integer.bitCount(leaves) != 1) {
                throw in.malformed(leaves + " leaves");
            }
            List<PartitionKey> partitions = readPartitions(in, request.range());
            return new RepairTreeMessage(table, request.range(), leaves, partitions);
        });
    }

    /** Writes a list of partitions (null: a 0 byte). */
    static void writePartitions(ByteWriter out, List<PartitionKey> partitions) {
        if (partitions == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        out.writeInt(partitions.size());
        for (PartitionKey partition : partitions) {
            StorageSerializers.write(out, partition);
        }
    }

    /** Reads what {@link #writePartitions} wrote: at most {@link #MAX_PARTITIONS}, sorted, each in {@code range}. */
    static List<PartitionKey> readPartitions(ByteReader in, TokenRange range) {
        int flag = in.readUnsignedByte();
        if (flag == 0) {
            return null;
        }
        if (flag != 1) {
            throw in.malformed("a partition list flag of " + flag);
        }
        int count = in.readInt();
        if (count < 0 || count > MAX_PARTITIONS) {
            throw in.malformed(count + " partitions");
        }
        List<PartitionKey> partitions = new ArrayList<>(Math.min(count, 1_024));
        for (int i = 0; i < count; i++) {
            PartitionKey partition = StorageSerializers.readKey(in);
            if (range != null && !range.contains(partition.token())) {
                throw in.malformed("partition " + partition + " outside " + range);
            }
            if (!partitions.isEmpty() && partitions.get(partitions.size() - 1).compareTo(partition) >= 0) {
                throw in.malformed("partitions out of order at " + partition);
            }
            partitions.add(partition);
        }
        return partitions;
    }
}
