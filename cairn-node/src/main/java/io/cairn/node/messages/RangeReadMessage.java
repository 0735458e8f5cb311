package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.wire.StorageSerializers;

import java.util.Objects;

/**
 * A page of a token range's rows, after {@code resumeAfter} (null: from the start).
 * Layout: {@code [version][table][range and resume position][filter]}.
 */
public record RangeReadMessage(TableId table, TokenRange range, ScanPosition resumeAfter, ReadFilter filter)
        implements ReplicaMessage {

    public RangeReadMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(filter, "filter");
    }

    @Override
    public Verb verb() {
        return Verb.RANGE_READ;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, new StorageSerializers.RangeRequest(range, resumeAfter));
        StorageSerializers.write(out, filter);
        return out.toByteArray();
    }

    public static RangeReadMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "RANGE_READ message", RangeReadMessage::read);
    }

    private static RangeReadMessage read(ByteReader in) {
        TableId table = ReplicaWire.readTable(in);
        StorageSerializers.RangeRequest request = StorageSerializers.readRangeRequest(in);
        return new RangeReadMessage(table, request.range(), request.resumeAfter(), StorageSerializers.readFilter(in));
    }
}
