package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.wire.StorageSerializers;

import java.util.Objects;

/**
 * A joining node's request for a page of a token range's raw data, or of the Paxos registers
 * of that table's partitions in the range ({@link Part}), after the partition {@code resumeAfter}
 * (null: from the start; for registers, a key of their own table). Layout:
 * {@code [version][table][range and resume position][part]}.
 */
public record StreamMessage(TableId table, TokenRange range, PartitionKey resumeAfter, Part part)
        implements ReplicaMessage {

    /** What is copied: the table's data, or the Paxos registers of its partitions. */
    public enum Part {
        DATA,
        PAXOS_REGISTERS
    }

    public StreamMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(part, "part");
    }

    /** A request for a page of the table's data. */
    public StreamMessage(TableId table, TokenRange range, PartitionKey resumeAfter) {
        this(table, range, resumeAfter, Part.DATA);
    }

    @Override
    public Verb verb() {
        return Verb.STREAM;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, new StorageSerializers.RangeRequest(range,
                resumeAfter == null ? null : new ScanPosition(resumeAfter, null)));
        out.writeByte(part.ordinal());
        return out.toByteArray();
    }

    public static StreamMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "STREAM message", StreamMessage::read);
    }

    private static StreamMessage read(ByteReader in) {
        TableId table = ReplicaWire.readTable(in);
        StorageSerializers.RangeRequest request = StorageSerializers.readRangeRequest(in);
        ScanPosition position = request.resumeAfter();
        if (position != null && position.lastRow() != null) {
            throw in.malformed("a stream resumes after a partition, not after a row");
        }
        int part = in.readUnsignedByte();
        if (part >= Part.values().length) {
            throw in.malformed("unknown stream part " + part);
        }
        return new StreamMessage(table, request.range(), position == null ? null : position.partition(),
                Part.values()[part]);
    }
}
