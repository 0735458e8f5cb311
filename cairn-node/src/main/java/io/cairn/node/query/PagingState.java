package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionKey;

import java.nio.ByteBuffer;

/**
 * Where a page of a SELECT stopped: the last partition and the last row returned from it
 * (null when that partition was finished), and how many rows LIMIT still allows. Opaque to
 * clients; resuming after the last returned row's key makes the next page exact even when
 * writes happened in between.
 */
record PagingState(PartitionKey partition, Clustering lastRow, int remaining, int remainingInPartition) {

    private static final byte VERSION = 1;
    /** Paging states are small; a larger one is not ours. */
    private static final int MAX_BYTES = 1 << 20;

    ByteBuffer serialize() {
        byte[] key = partition.key();
        byte[] row = lastRow == null ? null : lastRow.bytes();
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 4 + key.length + 4 + (row == null ? 0 : row.length) + 8);
        out.put(VERSION).putLong(partition.token()).putInt(key.length).put(key);
        out.putInt(row == null ? -1 : row.length);
        if (row != null) {
            out.put(row);
        }
        out.putInt(remaining).putInt(remainingInPartition);
        return out.flip();
    }

    static PagingState deserialize(ByteBuffer bytes) {
        try {
            ByteBuffer in = bytes.duplicate();
            if (in.remaining() > MAX_BYTES || in.get() != VERSION) {
                throw invalid();
            }
            long token = in.getLong();
            byte[] key = new byte[in.getInt()];
            in.get(key);
            int rowLength = in.getInt();
            Clustering row = null;
            if (rowLength >= 0) {
                byte[] rowBytes = new byte[rowLength];
                in.get(rowBytes);
                row = Clustering.of(rowBytes);
            }
            PagingState state = new PagingState(new PartitionKey(token, key), row, in.getInt(), in.getInt());
            if (in.hasRemaining()) {
                throw invalid();
            }
            return state;
        } catch (RuntimeException e) {
            if (e instanceof CqlException cql) {
                throw cql;
            }
            throw invalid();
        }
    }

    private static CqlException invalid() {
        return CqlException.protocol("Invalid value for the paging state");
    }
}
