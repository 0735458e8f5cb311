package io.cairn.node.messages;

import io.cairn.common.wire.ByteReader;

/** What a READ asks for: the filtered rows, their digest, or the partition's raw data with tombstones. */
public enum ReadMode {
    DATA(0),
    DIGEST(1),
    RAW(2);

    /** Part of the wire format: never reuse or renumber one. */
    private final int id;

    ReadMode(int id) {
        this.id = id;
    }

    int id() {
        return id;
    }

    static ReadMode read(ByteReader in) {
        int id = in.readUnsignedByte();
        for (ReadMode mode : values()) {
            if (mode.id == id) {
                return mode;
            }
        }
        throw in.malformed("expected a read mode (0, 1 or 2), found " + id);
    }
}
