package io.cairn.tools.bench;

/** Record keys as YCSB builds them: "user" and a 64-bit FNV-1a hash of the record number. */
final class Keys {

    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 1099511628211L;

    private Keys() {
    }

    static long fnv64(long value) {
        long hash = FNV_OFFSET;
        for (int i = 0; i < 8; i++) {
            hash ^= value & 0xFF;
            hash *= FNV_PRIME;
            value >>>= 8;
        }
        return Math.abs(hash == Long.MIN_VALUE ? 0 : hash);
    }

    static String key(long record) {
        return "user" + fnv64(record);
    }
}
