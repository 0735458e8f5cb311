package io.cairn.common.encoding;

import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * Order-preserving, prefix-free encodings of arbitrary-precision numbers: {@code varint}
 * ({@link BigInteger}) and {@code decimal} (BigDecimal), whose order Cassandra defines
 * numerically (IntegerType ignores redundant sign bytes; DecimalType uses
 * {@code BigDecimal.compareTo}, so 1.0 and 1.00 are the same key).
 *
 * <p><b>varint</b>: a length header, then the minimal two's complement bytes. The header orders
 * by sign, then by length (a longer non-negative number is larger, a longer negative one
 * smaller): for n significant bytes, a non-negative number has 0x80|n (n &lt; 127) or 0xFF and
 * n as 4 bytes; a negative one the complement of that. Same-length numbers of the same sign
 * then compare correctly as unsigned two's complement bytes. Decoding gives the minimal
 * serialized form.
 *
 * <p><b>decimal</b>: 0x80 for zero. A non-zero value is written as ±0.d1d2...dk × 10^E with
 * d1 ≠ 0 and dk ≠ 0 (trailing zeros dropped): 0x81 (positive) or 0x7F (negative), then E as
 * a varint-style signed number, then the digits in pairs, each pair p as the byte p + 1, then
 * 0x00; for a negative value everything after the sign byte is complemented. Larger E means a
 * larger magnitude, and for equal E the digit pairs compare as a fraction does, a shorter one
 * first. Decoding gives the normalized value: the unscaled value has no trailing zeros (zero
 * decodes with scale 0; a value whose normalized scale would be below -2^31 keeps just enough),
 * so decode(encode(v)) equals v by {@code compareTo}, not by {@code equals}.
 */
final class OrderedNumbers {

    private static final int ZERO = 0x80;
    private static final int POSITIVE = 0x81;
    private static final int NEGATIVE = 0x7F;
    /**
     * A decimal such as 10 x 10^(2^31) has no scale that fits 32 bits once its trailing zeros are
     * dropped; decoding puts back as many as needed, up to this many.
     */
    static final int MAX_RESTORED_TRAILING_ZEROS = 1 << 20;

    private OrderedNumbers() {
    }

    static void encodeVarint(ByteBuffer value, int from, int to, ByteSink out) {
        OrderedEncoder.requireNotEmpty(NativeKeyType.VARINT, from, to);
        int start = from;
        while (start < to - 1) {
            byte first = value.get(start);
            byte next = value.get(start + 1);
            if ((first == 0 && next >= 0) || (first == -1 && next < 0)) {
                start++; // a redundant sign byte: IntegerType ignores it
            } else {
                break;
            }
        }
        writeLengthHeader(to - start, value.get(start) < 0, out);
        out.writeBytes(value, start, to);
    }

    /** Copies an encoded varint's serialized form (minimal two's complement) to {@code out}. */
    static void decodeVarint(KeyReader in, ByteSink out) {
        int signedLength = readLengthHeader(in);
        int start = out.size();
        in.copyTo(out, Math.abs(signedLength));
        if ((out.array()[start] < 0) != (signedLength < 0)) {
            throw in.malformed("varint sign does not match its header");
        }
    }

    static void encodeDecimal(ByteBuffer value, int from, int to, ByteSink out) {
        OrderedEncoder.requireNotEmpty(NativeKeyType.DECIMAL, from, to);
        if (to - from < 5) {
            throw new IllegalArgumentException("decimal value must hold a 4-byte scale and an unscaled varint, got "
                    + (to - from) + " bytes");
        }
        int scale = value.getInt(from);
        BigInteger unscaled = bigInteger(value, from + 4, to);
        int signum = unscaled.signum();
        if (signum == 0) {
            out.writeByte(ZERO);
            return;
        }
        String digits = unscaled.abs().toString();
        int significantDigits = digits.length();
        while (digits.charAt(significantDigits - 1) == '0') {
            significantDigits--;
        }
        out.writeByte(signum > 0 ? POSITIVE : NEGATIVE);
        int magnitudeStart = out.size();
        // value = 0.d1d2...dk x 10^exponent, where k counts all digits of the unscaled value.
        writeSignedLong((long) digits.length() - scale, out);
        for (int i = 0; i < significantDigits; i += 2) {
            int high = digits.charAt(i) - '0';
            int low = i + 1 < significantDigits ? digits.charAt(i + 1) - '0' : 0;
            out.writeByte(1 + high * 10 + low);
        }
        out.writeByte(0x00);
        if (signum < 0) {
            out.complementFrom(magnitudeStart);
        }
    }

    /** Writes an encoded decimal's normalized serialized form (scale, unscaled varint) to {@code out}. */
    static void decodeDecimal(KeyReader in, ByteSink out) {
        int sign = in.readUnsignedByte();
        if (sign == ZERO) {
            out.writeInt(0);
            out.writeByte(0);
            return;
        }
        if (sign != POSITIVE && sign != NEGATIVE) {
            throw in.malformed("0x" + Integer.toHexString(sign) + " is not a decimal sign");
        }
        int mask = in.mask();
        in.setMask(sign == NEGATIVE ? mask ^ 0xFF : mask);
        long exponent = readSignedLong(in);
        StringBuilder digits = new StringBuilder();
        for (int pair = in.readUnsignedByte(); pair != 0; pair = in.readUnsignedByte()) {
            if (pair > 100) {
                throw in.malformed("0x" + Integer.toHexString(pair) + " is not a decimal digit pair");
            }
            digits.append((char) ('0' + (pair - 1) / 10)).append((char) ('0' + (pair - 1) % 10));
        }
        in.setMask(mask);
        if (digits.length() == 0) {
            throw in.malformed("non-zero decimal without digits");
        }
        if (digits.charAt(digits.length() - 1) == '0') {
            digits.setLength(digits.length() - 1); // the padding of an odd digit count
        }
        long scale = digits.length() - exponent;
        if (scale < Integer.MIN_VALUE && Integer.MIN_VALUE - scale <= MAX_RESTORED_TRAILING_ZEROS) {
            // Without its trailing zeros the scale would underflow: keep as few as fit.
            digits.append("0".repeat((int) (Integer.MIN_VALUE - scale)));
            scale = Integer.MIN_VALUE;
        }
        if (scale != (int) scale) {
            throw in.malformed("decimal scale " + scale + " does not fit in 32 bits");
        }
        BigInteger unscaled = new BigInteger(digits.toString());
        byte[] unscaledBytes = (sign == NEGATIVE ? unscaled.negate() : unscaled).toByteArray();
        out.writeInt((int) scale);
        out.writeBytes(unscaledBytes, 0, unscaledBytes.length);
    }

    /** A long in the varint layout: length header, then its minimal two's complement bytes. */
    private static void writeSignedLong(long value, ByteSink out) {
        int significantBits = 64 - Long.numberOfLeadingZeros(value < 0 ? ~value : value);
        int length = significantBits / 8 + 1;
        writeLengthHeader(length, value < 0, out);
        for (int shift = (length - 1) * 8; shift >= 0; shift -= 8) {
            out.writeByte((int) (value >>> shift));
        }
    }

    private static long readSignedLong(KeyReader in) {
        int signedLength = readLengthHeader(in);
        int length = Math.abs(signedLength);
        if (length > 8) {
            throw in.malformed("decimal exponent of " + length + " bytes");
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | in.readUnsignedByte();
        }
        int unused = 64 - 8 * length;
        return (value << unused) >> unused;
    }

    /** Writes the header for {@code length} significant bytes of a number of the given sign. */
    private static void writeLengthHeader(int length, boolean isNegative, ByteSink out) {
        if (length < 0x7F) {
            out.writeByte(isNegative ? 0x7F - length : 0x80 | length);
        } else {
            out.writeByte(isNegative ? 0x00 : 0xFF);
            out.writeInt(isNegative ? ~length : length);
        }
    }

    /** The length of the number a header announces, negated for a negative number. */
    private static int readLengthHeader(KeyReader in) {
        int header = in.readUnsignedByte();
        int length;
        boolean isNegative = header < 0x80;
        if (header == 0xFF) {
            length = in.readInt();
        } else if (header == 0x00) {
            length = ~in.readInt();
        } else {
            length = isNegative ? 0x7F - header : header & 0x7F;
        }
        if (length <= 0) {
            throw in.malformed("0x" + Integer.toHexString(header) + " is not a number length header");
        }
        return isNegative ? -length : length;
    }

    private static BigInteger bigInteger(ByteBuffer value, int from, int to) {
        if (value.hasArray()) {
            return new BigInteger(value.array(), value.arrayOffset() + from, to - from);
        }
        byte[] bytes = new byte[to - from];
        value.get(from, bytes);
        return new BigInteger(bytes);
    }
}
