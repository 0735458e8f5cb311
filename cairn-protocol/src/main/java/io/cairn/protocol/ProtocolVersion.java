package io.cairn.protocol;

/**
 * The native protocol versions Cairn speaks. v4 is what the Java driver 3.x and the Node.js
 * driver use; v5 (with checksummed segments after the handshake) is what the Java driver 4.x
 * and cqlsh settle on. Neither is marked beta.
 */
public enum ProtocolVersion {
    V4(4),
    V5(5);

    /** What an unsupported-version error lists, in Cassandra's wording. */
    public static final String SUPPORTED_LIST = "4/v4, 5/v5";

    private final int number;

    ProtocolVersion(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The version for a header's low 7 bits, or null when Cairn does not speak it. */
    public static ProtocolVersion of(int number) {
        return switch (number) {
            case 4 -> V4;
            case 5 -> V5;
            default -> null;
        };
    }

    /** The highest version: what an error about an unknown version is answered in. */
    public static ProtocolVersion highest() {
        return V5;
    }

    /** Whether flags of QUERY, EXECUTE and BATCH are an [int] (v5) rather than a [byte]. */
    public boolean hasIntQueryFlags() {
        return this == V5;
    }

    /** Whether envelopes travel inside checksummed segments once the handshake is done. */
    public boolean usesSegments() {
        return this == V5;
    }
}
