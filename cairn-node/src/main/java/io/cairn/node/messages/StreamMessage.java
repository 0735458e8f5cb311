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
 * A joining node's request for a page of a token range's raw data, after the partition
 * {@code resumeAfter} (null: from the start). Layout: {@code [version][table][range and resume position]}.
 */
public record StreamMessage(TableId table, TokenRange range, PartitionKey resumeAfter)
        implements ReplicaMessage {

    public StreamMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(range, "range");
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
        return new StreamMessage(table, request.range(), position == null ? null : position.partition());
    }
}
