package io.cairn.storage.engine;

import io.cairn.storage.CellKind;

/**
 * The layout of stored values, chosen so that the byte-wise maximum of two values is the
 * one Cassandra's reconciliation keeps:
 *
 * <pre>
 * value := timestamp(8 bytes, sign bit flipped) kind(1) [localDeletionTime(4, unsigned) ttl(4)] payload
 * </pre>
 *
 * The bracketed part is present for expiring cells (local deletion time = expiration) and
 * tombstones (local deletion time = when deleted), absent for live cells. Higher timestamp
 * wins; then kind ({@link CellKind} order: tombstone over expiring over live); then the later
 * local deletion time; then the greater payload. Markers and deletions use the same layout
 * with an empty payload.
 */
final class StoredValue {

    static final int TIMESTAMP_BYTES = 8;
    static final int KIND_OFFSET = 8;
    static final int LIVE_HEADER_BYTES = 9;
    static final int EXTENDED_HEADER_BYTES = 17;

    private static final CellKind[] KINDS = CellKind.values();

    private StoredValue() {
    }

    static byte[] encode(CellKind kind, long timestampMicros, long localDeletionTimeSeconds, int ttlSeconds,
                         byte[] payload) {
        int header = kind == CellKind.LIVE ? LIVE_HEADER_BYTES : EXTENDED_HEADER_BYTES;
        KeyBuilder out = new KeyBuilder(header + payload.length);
        out.putLong(timestampMicros ^ Long.MIN_VALUE);
        out.put((byte) kind.ordinal());
        if (kind != CellKind.LIVE) {
            out.putInt((int) localDeletionTimeSeconds);
            out.putInt(ttlSeconds);
        }
        out.put(payload);
        return out.toArray();
    }

    /** Why the value cannot be decoded, or null when it is well formed. */
    static String malformation(byte[] value) {
        if (value.length < LIVE_HEADER_BYTES) {
            return "value of " + value.length + " bytes is shorter than its " + LIVE_HEADER_BYTES + "-byte header";
        }
        int kind = value[KIND_OFFSET] & 0xFF;
        if (kind >= KINDS.length) {
            return "unknown cell kind " + kind;
        }
        if (kind != CellKind.LIVE.ordinal() && value.length < EXTENDED_HEADER_BYTES) {
            return "value of " + value.length + " bytes is shorter than its " + EXTENDED_HEADER_BYTES
                    + "-byte header";
        }
        if (kind == CellKind.TOMBSTONE.ordinal() && value.length != EXTENDED_HEADER_BYTES) {
            return "tombstone carries " + (value.length - EXTENDED_HEADER_BYTES) + " bytes of payload";
        }
        if (kind == CellKind.EXPIRING.ordinal() && ttl(value) <= 0) {
            return "expiring cell with TTL " + ttl(value);
        }
        return null;
    }

    static long timestamp(byte[] value) {
        long flipped = 0;
        for (int i = 0; i < TIMESTAMP_BYTES; i++) {
            flipped = (flipped << 8) | (value[i] & 0xFF);
        }
        return flipped ^ Long.MIN_VALUE;
    }

    static CellKind kind(byte[] value) {
        return KINDS[value[KIND_OFFSET]];
    }

    static long localDeletionTime(byte[] value) {
        return kind(value) == CellKind.LIVE ? 0 : Integer.toUnsignedLong(readInt(value, 9));
    }

    static int ttl(byte[] value) {
        return kind(value) == CellKind.LIVE ? 0 : readInt(value, 13);
    }

    static byte[] payload(byte[] value) {
        int from = kind(value) == CellKind.LIVE ? LIVE_HEADER_BYTES : EXTENDED_HEADER_BYTES;
        byte[] payload = new byte[value.length - from];
        System.arraycopy(value, from, payload, 0, payload.length);
        return payload;
    }

    private static int readInt(byte[] value, int offset) {
        return ((value[offset] & 0xFF) << 24) | ((value[offset + 1] & 0xFF) << 16)
                | ((value[offset + 2] & 0xFF) << 8) | (value[offset + 3] & 0xFF);
    }
}
