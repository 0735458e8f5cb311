package io.cairn.protocol.frame;

import io.netty.buffer.ByteBuf;

import java.util.zip.CRC32;

/**
 * The checksums of v5 segments (native_protocol_v5 §2.1–2.2): a CRC24 over the header and a
 * CRC32 over the payload. The CRC32 is seeded by first feeding it the four bytes
 * FA 2D 55 CA, as Cassandra and every driver do (the spec text does not say so).
 */
final class Crc {

    private static final int CRC24_INIT = 0x875060;
    private static final int CRC24_POLYNOMIAL = 0x1974F0B;
    private static final byte[] CRC32_SEED = {(byte) 0xFA, (byte) 0x2D, (byte) 0x55, (byte) 0xCA};

    private Crc() {
    }

    /** CRC24 of the {@code length} low bytes of {@code value}, least significant byte first. */
    static int crc24(long value, int length) {
        int crc = CRC24_INIT;
        for (int i = 0; i < length; i++) {
            crc ^= (int) ((value >>> (8 * i)) & 0xFF) << 16;
            for (int bit = 0; bit < 8; bit++) {
                crc <<= 1;
                if ((crc & 0x1000000) != 0) {
                    crc ^= CRC24_POLYNOMIAL;
                }
            }
        }
        return crc & 0xFFFFFF;
    }

    /** The seeded CRC32 of {@code buffer}'s readable bytes (not consumed). */
    static int crc32(ByteBuf buffer) {
        CRC32 crc = new CRC32();
        crc.update(CRC32_SEED);
        crc.update(buffer.nioBuffer());
        return (int) crc.getValue();
    }
}
