package io.cairn.protocol;

/** Message opcodes (native_protocol_v5 §2.4). */
public enum Opcode {
    ERROR(0x00),
    STARTUP(0x01),
    READY(0x02),
    AUTHENTICATE(0x03),
    OPTIONS(0x05),
    SUPPORTED(0x06),
    QUERY(0x07),
    RESULT(0x08),
    PREPARE(0x09),
    EXECUTE(0x0A),
    REGISTER(0x0B),
    EVENT(0x0C),
    BATCH(0x0D),
    AUTH_CHALLENGE(0x0E),
    AUTH_RESPONSE(0x0F),
    AUTH_SUCCESS(0x10);

    private static final Opcode[] BY_CODE = new Opcode[0x11];

    static {
        for (Opcode opcode : values()) {
            BY_CODE[opcode.code] = opcode;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The opcode with this code, or null for an unknown one. */
    public static Opcode of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
