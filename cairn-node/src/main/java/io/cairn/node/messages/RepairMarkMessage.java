package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.wire.StorageSerializers;

import java.util.Objects;

/**
 * A repair of {@code table} in {@code range} that started at {@code repairedAtSeconds}
 * finished: every tombstone a replica held then is on every replica, and the partitions the
 * receiver listed as unrepaired up to {@code clearUpTo} (its high water when the repair read it;
 * {@link #CLEAR_NONE}: none) were compared and synchronized. Layout:
 * {@code [version][table][range][repairedAtSeconds][clearUpTo]}.
 */
public record RepairMarkMessage(TableId table, TokenRange range, long repairedAtSeconds, long clearUpTo)
        implements ReplicaMessage {

    /** A mark that clears no unrepaired partition. */
    public static final long CLEAR_NONE = -1;

    public RepairMarkMessage {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(range, "range");
        if (repairedAtSeconds == Long.MIN_VALUE) {
            throw new IllegalArgumentException("A repair's time cannot be " + Long.MIN_VALUE);
        }
    }

    @Override
    public Verb verb() {
        return Verb.REPAIR_MARK;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        ReplicaWire.writeTable(out, table);
        StorageSerializers.write(out, new StorageSerializers.RangeRequest(range, null));
        out.writeLong(repairedAtSeconds);
        out.writeLong(clearUpTo);
        return out.toByteArray();
    }

    public static RepairMarkMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "REPAIR_MARK message", in -> {
            TableId table = ReplicaWire.readTable(in);
            StorageSerializers.RangeRequest request = StorageSerializers.readRangeRequest(in);
            if (request.resumeAfter() != null) {
                throw in.malformed("a repair marks a whole range");
            }
            long repairedAt = in.readLong();
            if (repairedAt == Long.MIN_VALUE) {
                throw in.malformed("a repair time of " + repairedAt);
            }
            long clearUpTo = in.readLong();
            if (clearUpTo < CLEAR_NONE) {
                throw in.malformed("a high water of " + clearUpTo);
            }
            return new RepairMarkMessage(table, request.range(), repairedAt, clearUpTo);
        });
    }
}
