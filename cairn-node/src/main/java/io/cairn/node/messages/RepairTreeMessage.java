package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.wire.StorageSerializers;

import java.util.Objects;

/**
 * Repair asks a replica for the hash tree of its data of a table in a token range, cut into
 * {@code leaves} leaves (a power of two, at most 2^14); the answer is the serialized tree.
 * Layout: {@code [version][table][range][leaves]}.
 */
public record RepairTreeMessage(TableId table, TokenRange range, int leaves) implements ReplicaMessage {

    /** The most leaves a tree may be asked with (the tree's own limit). */
    public static final int MAX_LEAVES = 1 << 14;

    public RepairTreeMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(range, "range");
        if (leaves < 1 || leaves > MAX_LEAVES || Integer.bitCount(leaves) != 1) {
            throw new IllegalArgumentException("A tree has a power of two of leaves, 1 to " + MAX_LEAVES + ", not "
                    + leaves);
        }
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
            return new RepairTreeMessage(table, request.range(), leaves);
        });
    }
}
