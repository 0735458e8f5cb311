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
 * A page of a token range's rows, after {@code resumeAfter} (null: from the start); with an
 * index expression, only the rows that hold it, found through the index (verb INDEX_READ, which
 * a node older than secondary indexes does not know). Layout:
 * {@code [version][table][range and resume position][filter]} and, for INDEX_READ,
 * {@code [index expression]}.
 *
 * @param index the expression rows must hold, or null for every row
 */
public record RangeReadMessage(TableId table, TokenRange range, ScanPosition resumeAfter, ReadFilter filter,
                               IndexExpression index) implements ReplicaMessage {

    public RangeReadMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(filter, "filter");
    }

    public RangeReadMessage(TableId table, TokenRange range, ScanPosition resumeAfter, ReadFilter filter) {
        this(table, range, resumeAfter, filter, null);
    }

    @Override
    public Verb verb() {
        return index == null ? Verb.RANGE_READ : Verb.INDEX_READ;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, new StorageSerializers.RangeRequest(range, resumeAfter));
        StorageSerializers.write(out, filter);
        if (index != null) {
            index.write(out);
        }
        return out.toByteArray();
    }

    public static RangeReadMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "RANGE_READ message", in -> read(in, false));
    }

    public static RangeReadMessage deserializeIndexRead(byte[] payload) {
        return ReplicaWire.read(payload, "INDEX_READ message", in -> read(in, true));
    }

    private static RangeReadMessage read(ByteReader in, boolean indexed) {
        TableId table = ReplicaWire.readTable(in);
        StorageSerializers.RangeRequest request = StorageSerializers.readRangeRequest(in);
        ReadFilter filter = StorageSerializers.readFilter(in);
        return new RangeReadMessage(table, request.range(), request.resumeAfter(), filter,
                indexed ? IndexExpression.read(in) : null);
    }
}
