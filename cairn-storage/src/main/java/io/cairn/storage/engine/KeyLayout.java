package io.cairn.storage.engine;

import io.cairn.storage.PartitionKey;

/**
 * The layout of storage keys in a table's column family:
 *
 * <pre>
 * key       := token(8 bytes, sign bit flipped) | framed(partition key) | section
 * section   := 0x00                                            partition deletion
 *            | 0x01 framed(start) startInclusive framed(end) endInclusive   range deletion
 *            | 0x02 rowPart                                    static row
 *            | 0x03 framed(clustering) rowPart                  regular row
 * rowPart   := 0x00                                            row deletion
 *            | 0x01                                            liveness marker
 *            | 0x02 framed(column) [ 0x00 | 0x01 path ]         cell | column deletion | element cell
 * </pre>
 *
 * "framed" is {@link EscapedBytes}. Tokens, then partition keys, then clusterings sort in
 * unsigned byte order, so a token range and a clustering slice are each one contiguous key
 * range, and a partition's deletions are read before its rows.
 */
final class KeyLayout {

    static final byte PARTITION_DELETION = 0x00;
    static final byte RANGE_DELETION = 0x01;
    static final byte STATIC_ROW = 0x02;
    static final byte ROWS = 0x03;

    static final byte ROW_DELETION = 0x00;
    static final byte ROW_LIVENESS = 0x01;
    static final byte ROW_CELL = 0x02;

    static final byte COLUMN_DELETION = 0x00;
    static final byte ELEMENT = 0x01;

    static final int TOKEN_BYTES = 8;

    private KeyLayout() {
    }

    static void writeToken(KeyBuilder out, long token) {
        out.putLong(token ^ Long.MIN_VALUE);
    }

    static long readToken(byte[] key) {
        long flipped = 0;
        for (int i = 0; i < TOKEN_BYTES; i++) {
            flipped = (flipped << 8) | (key[i] & 0xFF);
        }
        return flipped ^ Long.MIN_VALUE;
    }

    static byte[] tokenKey(long token) {
        KeyBuilder out = new KeyBuilder(TOKEN_BYTES);
        writeToken(out, token);
        return out.toArray();
    }

    static void writePartitionPrefix(KeyBuilder out, PartitionKey key) {
        writeToken(out, key.token());
        EscapedBytes.write(out, key.key(), 0, key.key().length, true);
    }

    static byte[] partitionPrefix(PartitionKey key) {
        KeyBuilder out = new KeyBuilder(TOKEN_BYTES + key.key().length + 4);
        writePartitionPrefix(out, key);
        return out.toArray();
    }

    /** A partition and the key prefix (token and framed key) all its entries start with. */
    record PartitionPrefix(PartitionKey partition, byte[] prefix) {
    }

    /**
     * The partition whose entry {@code key} is.
     *
     * @throws MalformedEntryException if the key does not start with a well-formed partition prefix
     */
    static PartitionPrefix partitionOf(byte[] key) {
        int length = key.length <= TOKEN_BYTES ? -1 : EscapedBytes.skip(key, TOKEN_BYTES);
        if (length < 0) {
            throw new MalformedEntryException("partition key is malformed", key);
        }
        PartitionKey partition = new PartitionKey(readToken(key), EscapedBytes.read(key, TOKEN_BYTES, length));
        return new PartitionPrefix(partition, java.util.Arrays.copyOf(key, length));
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}, or null when
     * there is none (the prefix is all 0xFF bytes).
     */
    static byte[] successor(byte[] prefix, int length) {
        int i = length - 1;
        while (i >= 0 && prefix[i] == (byte) 0xFF) {
            i--;
        }
        if (i < 0) {
            return null;
        }
        byte[] next = new byte[i + 1];
        System.arraycopy(prefix, 0, next, 0, i + 1);
        next[i]++;
        return next;
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length
                && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
