package io.cairn.common.encoding;

import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * Order-preserving, prefix-free encodings of arbitrary-precision numbers: {@code varint}
 * ({@link BigInteger}) and {@code decimal} (BigDecimal), whose order Cassandra defines
 * numerically (IntegerType ignores redundant sign bytes; DecimalType uses
 * {@code BigDecimal.compareTo}). Each encoding is a <em>value part</em>, which orders the number,
 * followed by a <em>form part</em>, which records how it was written, so that decoding gives back
 * exactly the serialized bytes that were encoded ({@code 1.0}, {@code 2.50} and {@code 10} stay
 * so, and a varint keeps any redundant sign bytes it was sent with).
 *
 * <p><b>varint</b> value part: a length header, then the minimal two's complement bytes. The
 * header orders by sign, then by length (a longer non-negative number is larger, a longer
 * negative one smaller): for n significant bytes, a non-negative number has 0x80|n (n &lt; 127)
 * or 0xFF and n as 4 bytes; a negative one the complement of that. Same-length numbers of the
 * same sign then compare correctly as unsigned two's complement bytes. Form part: the count of
 * redundant sign bytes before the minimal bytes.
 *
 * <p><b>decimal</b> value part: 0x80 for zero. A non-zero value is written as ±0.d1d2...dk ×
 * 10^E with d1 ≠ 0 and dk ≠ 0 (trailing zeros dropped): 0x81 (positive) or 0x7F (negative),
 * then E as a varint-style signed number, then the digits in pairs, each pair p as the byte
 * p + 1, then 0x00; for a negative value everything after the sign byte is complemented. Larger
 * E means a larger magnitude, and for equal E the digit pairs compare as a fraction does, a
 * shorter one first. Form part: for a non-zero value the count of trailing zeros dropped from
 * the unscaled value (which fixes the scale), for zero the scale as a sign-flipped 4-byte int;
 * then the count of redundant sign bytes of the unscaled value.
 *
 * <p>Counts are one byte below 0xFF, else 0xFF and 4 bytes. Numbers equal by value but written
 * differently (1.0 and 1.00) share their value part and differ in the form part, so they are
 * different keys, adjacent in key order; {@link #encodeValueOnly} gives the shared value part,
 * which bounds of a key range use to take in every form of a number.
 */
final class OrderedNumbers {

    private static final int ZERO = 0x80;
    private static final int POSITIVE = 0x81;
    private static final int NEGATIVE = 0x7F;
    private static final int LONG_COUNT = 0xFF;
    /**
     * The largest count decoded: more trailing zeros or sign bytes than a value of
     * {@link ByteSink#DEFAULT_MAX_BYTES} can hold mean the bytes are no valid encoding.
     */
    private static final int MAX_COUNT = ByteSink.DEFAULT_MAX_BYTES * 3;

    private OrderedNumbers() {
    }

    static void encodeVarint(ByteBuffer value, int from, int to, boolean withForm, ByteSink out) {
        OrderedEncoder.requireNotEmpty(NativeKeyType.VARINT, from, to);
        int start = minimalStart(value, from, to);
        writeLengthHeader(to - start, value.get(start) < 0, out);
        out.writeBytes(value, start, to);
        if (withForm) {
            writeCount(start - from, out);
        }
    }

    /** Copies an encoded varint's exact serialized form to {@code out}. */
    static void decodeVarint(KeyReader in, ByteSink out) {
        int signedLength = readLengthHeader(in);
        int start = out.size();
        in.copyTo(out, Math.abs(signedLength));
        if ((out.array()[start] < 0) != (signedLength < 0)) {
            throw in.malformed("varint sign does not match its header");
        }
        insertSignBytes(out, start, readCount(in), signedLength < 0);
    }

    static void encodeDecimal(ByteBuffer value, int from, int to, boolean withForm, ByteSink out) {
        OrderedEncoder.requireNotEmpty(NativeKeyType.DECIMAL, from, to);
        if (to - from < 5) {
            throw new IllegalArgumentException("decimal value must hold a 4-byte scale and an unscaled varint, got "
                    + (to - from) + " bytes");
        }
        int scale = value.getInt(from);
        int unscaledStart = minimalStart(value, from + 4, to);
        int redundantSignBytes = unscaledStart - (from + 4);
        BigInteger unscaled = bigInteger(value, unscaledStart, to);
        int signum = unscaled.signum();
        if (signum == 0) {
            out.writeByte(ZERO);
            if (withForm) {
                out.writeInt(scale ^ Integer.MIN_VALUE);
                writeCount(redundantSignBytes, out);
            }
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
        if (withForm) {
            writeCount(digits.length() - significantDigits, out);
            writeCount(redundantSignBytes, out);
        }
    }

    /** Writes an encoded decimal's exact serialized form (scale, unscaled varint) to {@code out}. */
    static void decodeDecimal(KeyReader in, ByteSink out) {
        int sign = in.readUnsignedByte();
        if (sign == ZERO) {
            out.writeInt(in.readInt() ^ Integer.MIN_VALUE);
            int start = out.size();
            out.writeByte(0);
            insertSignBytes(out, start, readCount(in), false);
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
        int trailingZeros = readCount(in);
        digits.append("0".repeat(trailingZeros));
        long scale = digits.length() - exponent;
        if (scale != (int) scale) {
            throw in.malformed("decimal scale " + scale + " does not fit in 32 bits");
        }
        BigInteger unscaled = new BigInteger(digits.toString());
        byte[] unscaledBytes = (sign == NEGATIVE ? unscaled.negate() : unscaled).toByteArray();
        out.writeInt((int) scale);
        int start = out.size();
        out.writeBytes(unscaledBytes, 0, unscaledBytes.length);
        insertSignBytes(out, start, readCount(in), sign == NEGATIVE);
    }

    /** Where the minimal two's complement form of the varint in {@code value[from, to)} starts. */
    private static int minimalStart(ByteBuffer value, int from, int to) {
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
        return start;
    }

    /** Puts {@code count} redundant sign bytes in front of the number written to {@code out} from {@code start}. */
    private static void insertSignBytes(ByteSink out, int start, int count, boolean isNegative) {
        if (count == 0) {
            return;
        }
        byte[] minimal = out.toByteArray(start);
        out.truncate(start);
        for (int i = 0; i < count; i++) {
            out.writeByte(isNegative ? 0xFF : 0x00);
        }
        out.writeBytes(minimal, 0, minimal.length);
    }

    /** A non-negative count, order-preserving and prefix-free: one byte below 0xFF, else 0xFF and 4 bytes. */
    private static void writeCount(int count, ByteSink out) {
        if (count < LONG_COUNT) {
            out.writeByte(count);
        } else {
            out.writeByte(LONG_COUNT);
            out.writeInt(count);
        }
    }

    private static int readCount(KeyReader in) {
        int count = in.readUnsignedByte();
        if (count == LONG_COUNT) {
            count = in.readInt();
            if (count < LONG_COUNT || count > MAX_COUNT) {
                throw in.malformed("count " + count + " in its long form");
            }
        }
        return count;
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
