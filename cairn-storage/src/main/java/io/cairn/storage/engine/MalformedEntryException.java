package io.cairn.storage.engine;

import java.util.HexFormat;

/**
 * A stored key or value that does not decode. Raised inside the engine's readers and turned
 * into a {@link io.cairn.storage.CorruptDataException} naming the table at the engine's edge.
 */
final class MalformedEntryException extends RuntimeException {

    MalformedEntryException(String problem, byte[] key) {
        super(problem + " at key 0x" + HexFormat.of().formatHex(key, 0, Math.min(key.length, 64))
                + (key.length > 64 ? "..." : ""));
    }
}
