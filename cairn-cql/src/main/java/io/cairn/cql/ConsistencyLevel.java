package io.cairn.cql;

/**
 * The consistency levels a request may ask for, with their native protocol codes
 * (native_protocol_v5 §3, [consistency]).
 */
public enum ConsistencyLevel {
    ANY(0x0000),
    ONE(0x0001),
    TWO(0x0002),
    THREE(0x0003),
    QUORUM(0x0004),
    ALL(0x0005),
    LOCAL_QUORUM(0x0006),
    EACH_QUORUM(0x0007),
    SERIAL(0x0008),
    LOCAL_SERIAL(0x0009),
    LOCAL_ONE(0x000A);

    private static final ConsistencyLevel[] BY_CODE = new ConsistencyLevel[0x0B];

    static {
        for (ConsistencyLevel level : values()) {
            BY_CODE[level.code] = level;
        }
    }

    private final int code;

    ConsistencyLevel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The level with this protocol code, or null for an unknown code. */
    public static ConsistencyLevel of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    public boolean isSerial() {
        return this == SERIAL || this == LOCAL_SERIAL;
    }
}
