package io.cairn.common.encoding;

/**
 * The direction a key component sorts in. A descending component's encoding is the bitwise
 * complement of its ascending encoding; because every encoding is prefix-free, that reverses
 * the byte order exactly, also when components are concatenated.
 */
public enum KeyOrder {
    ASCENDING(0x00),
    DESCENDING(0xFF);

    private final int mask;

    KeyOrder(int mask) {
        this.mask = mask;
    }

    /** The byte every encoded byte is XORed with. */
    int mask() {
        return mask;
    }
}
