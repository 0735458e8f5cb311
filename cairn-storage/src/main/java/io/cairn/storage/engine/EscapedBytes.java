package io.cairn.storage.engine;

/**
 * The prefix-free, order-preserving framing of a variable-length field inside a storage key:
 * each 0x00 byte is written as 0x00 0xFF and the field ends with 0x00 0x00. Unsigned order of
 * framed fields equals unsigned order of the raw bytes, and no framed field is a prefix of
 * another, so fields can be concatenated and the key still sorts field by field.
 */
final class EscapedBytes {

    static final byte ZERO = 0x00;
    static final byte ESCAPED_ZERO = (byte) 0xFF;
    static final byte TERMINATOR = 0x00;

    private EscapedBytes() {
    }

    /** Appends {@code raw[from, to)} framed, with its terminator when {@code terminate}. */
    static void write(KeyBuilder out, byte[] raw, int from, int to, boolean terminate) {
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            out.put(b);
            if (b == ZERO) {
                out.put(ESCAPED_ZERO);
            }
        }
        if (terminate) {
            out.put(ZERO);
            out.put(TERMINATOR);
        }
    }

    /**
     * Finds the end of a framed field starting at {@code offset}.
     *
     * @return the index just after the field's terminator, or -1 if the field is malformed
     */
    static int skip(byte[] key, int offset) {
        int i = offset;
        while (i < key.length) {
            if (key[i] == ZERO) {
                if (i + 1 >= key.length) {
                    return -1;
                }
                byte next = key[i + 1];
                if (next == TERMINATOR) {
                    return i + 2;
                }
                if (next != ESCAPED_ZERO) {
                    return -1;
                }
                i += 2;
            } else {
                i++;
            }
        }
        return -1;
    }

    /**
     * Decodes the framed field in {@code key[offset, end)} where {@code end} is what
     * {@link #skip} returned.
     */
    static byte[] read(byte[] key, int offset, int end) {
        int framedLength = end - 2 - offset;
        int zeros = 0;
        for (int i = offset; i < end - 2; i++) {
            if (key[i] == ZERO) {
                zeros++;
                i++;
            }
        }
        byte[] raw = new byte[framedLength - zeros];
        int j = 0;
        for (int i = offset; i < end - 2; i++) {
            raw[j++] = key[i];
            if (key[i] == ZERO) {
                i++;
            }
        }
        return raw;
    }
}
