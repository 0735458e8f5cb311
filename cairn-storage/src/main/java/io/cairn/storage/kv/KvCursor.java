package io.cairn.storage.kv;

/**
 * A position in one column family's keys, in unsigned byte order, over a consistent view:
 * writes made after the cursor was opened are not seen. Values are already merged (the
 * byte-wise maximum of every write to the key).
 *
 * <p>A cursor is used by one thread and only inside the {@link KvStore#read} call that made it.
 */
public interface KvCursor {

    /** Moves to the first key at or after {@code target}. */
    void seek(byte[] target);

    /** Moves to the last key at or before {@code target}. */
    void seekForPrev(byte[] target);

    boolean isValid();

    /** The current key; only while {@link #isValid()}. Callers must not modify it. */
    byte[] key();

    /** The current value; only while {@link #isValid()}. Callers must not modify it. */
    byte[] value();

    void next();

    void prev();
}
