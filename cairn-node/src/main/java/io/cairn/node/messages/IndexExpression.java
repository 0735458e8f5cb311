package io.cairn.node.messages;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a read by a secondary index asks of each row: that the index's column compare with the
 * values (serialized as the column's type, or its elements' type) by the operator. A replica finds
 * candidates in the index and returns the rows that hold it; a coordinator tests it again on rows
 * it reconciled.
 *
 * @param index    the index's name
 * @param operator how the column's value (or an element of it) compares
 * @param values   the value compared with; two for {@link Operator#RANGE} (start and end, either
 *                 null for an open end) and {@link Operator#ENTRY} (the map key, then its value)
 * @param startInclusive for RANGE: whether the start is inside
 * @param endInclusive   for RANGE: whether the end is inside
 */
public record IndexExpression(String index, Operator operator, List<byte[]> values, boolean startInclusive,
                              boolean endInclusive) {

    /** The most bytes of one value compared with (an indexed value is at most 64 KiB, encoded). */
    public static final int MAX_VALUE_BYTES = 1 << 20;
    /** The longest index name. */
    public static final int MAX_NAME_BYTES = 256;

    /** How a row's value is compared. */
    public enum Operator {
        /** The value equals. */
        EQ,
        /** The value lies between a start and an end. */
        RANGE,
        /** A collection has an element (a map: a value) that equals. */
        CONTAINS,
        /** A map has a key that equals. */
        CONTAINS_KEY,
        /** A map holds the key with the value. */
        ENTRY
    }

    public IndexExpression {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(operator, "operator");
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        int expected = operator == Operator.RANGE || operator == Operator.ENTRY ? 2 : 1;
        if (values.size() != expected) {
            throw new IllegalArgumentException(operator + " takes " + expected + " values, got " + values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null && operator != Operator.RANGE) {
                throw new IllegalArgumentException(operator + " takes no null value");
            }
        }
        if (operator == Operator.RANGE && values.get(0) == null && values.get(1) == null) {
            throw new IllegalArgumentException("A range has at least one end");
        }
    }

    public static IndexExpression of(String index, Operator operator, byte[] value) {
        return new IndexExpression(index, operator, List.of(value), true, true);
    }

    public void write(ByteWriter out) {
        out.writeString(index);
        out.writeByte(operator.ordinal());
        out.writeByte((startInclusive ? 1 : 0) | (endInclusive ? 2 : 0));
        out.writeByte(values.size());
        for (byte[] value : values) {
            out.writeNullableBytes(value);
        }
    }

    public static IndexExpression read(ByteReader in) {
        String index = in.readString(MAX_NAME_BYTES);
        int operator = in.readUnsignedByte();
        if (operator >= Operator.values().length) {
            throw in.malformed("unknown index operator " + operator);
        }
        int flags = in.readUnsignedByte();
        int count = in.readUnsignedByte();
        if (count > 2) {
            throw in.malformed("an index expression has at most 2 values, got " + count);
        }
        java.util.List<byte[]> values = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readNullableBytes(MAX_VALUE_BYTES));
        }
        try {
            return new IndexExpression(index, Operator.values()[operator], values, (flags & 1) != 0, (flags & 2) != 0);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IndexExpression other) || !index.equals(other.index) || operator != other.operator
                || startInclusive != other.startInclusive || endInclusive != other.endInclusive
                || values.size() != other.values.size()) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!Arrays.equals(values.get(i), other.values.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(index, operator, startInclusive, endInclusive);
        for (byte[] value : values) {
            hash = hash * 31 + Arrays.hashCode(value);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "IndexExpression[" + index + " " + operator + "]";
    }
}
