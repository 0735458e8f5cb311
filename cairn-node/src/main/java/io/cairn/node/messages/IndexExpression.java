package io.cairn.node.messages;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;

import java.nio.ByteBuffer;
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
 *                 null for an open end) and {@link Operator#ENTRY} (the map key, then its value);
 *                 three for {@link Operator#ANN} (the vector, the number of neighbours as a 4-byte
 *                 int, and the other expressions rows must also hold, serialized, or null for none)
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
        ENTRY,
        /**
         * The rows whose vectors are nearest the vector given, by the index's similarity function:
         * each replica answers at most that many of its own (among those that hold the other
         * expressions given with it), and the coordinator keeps the nearest of all replicas'.
         */
        ANN
    }

    /** The most neighbours one search asks for (Cassandra's limit on ANN queries). */
    public static final int MAX_NEIGHBOURS = 1_000;
    /** The most other expressions that restrict one search. */
    public static final int MAX_RESTRICTIONS = 64;

    public IndexExpression {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(operator, "operator");
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        int expected = operator == Operator.ANN ? 3 : operator == Operator.RANGE || operator == Operator.ENTRY ? 2 : 1;
        if (values.size() != expected) {
            throw new IllegalArgumentException(operator + " takes " + expected + " values, got " + values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null && operator != Operator.RANGE && !(operator == Operator.ANN && i == 2)) {
                throw new IllegalArgumentException(operator + " takes no null value");
            }
        }
        if (operator == Operator.RANGE && values.get(0) == null && values.get(1) == null) {
            throw new IllegalArgumentException("A range has at least one end");
        }
        if (operator == Operator.ANN) {
            int neighbours = values.get(1).length == 4 ? ByteBuffer.wrap(values.get(1)).getInt() : -1;
            if (neighbours < 1 || neighbours > MAX_NEIGHBOURS) {
                throw new IllegalArgumentException("An ANN search asks for 1 to " + MAX_NEIGHBOURS
                        + " neighbours, not " + neighbours);
            }
        }
    }

    /**
     * A search for the {@code neighbours} rows whose vectors (serialized as the column's vector
     * type) are nearest {@code vector}, among those that hold every one of {@code restrictions}.
     */
    public static IndexExpression ann(String index, byte[] vector, int neighbours, List<IndexExpression> restrictions) {
        if (restrictions.size() > MAX_RESTRICTIONS) {
            throw new IllegalArgumentException(restrictions.size() + " restrictions of one search");
        }
        byte[] and = null;
        if (!restrictions.isEmpty()) {
            ByteWriter out = new ByteWriter();
            out.writeByte(restrictions.size());
            for (IndexExpression restriction : restrictions) {
                if (restriction.operator == Operator.ANN) {
                    throw new IllegalArgumentException("An ANN search restricted by another ANN search");
                }
                restriction.write(out);
            }
            and = out.toByteArray();
        }
        return new IndexExpression(index, Operator.ANN,
                Arrays.asList(vector, ByteBuffer.allocate(4).putInt(neighbours).array(), and), true, true);
    }

    /** ANN: how many neighbours a replica returns at most. */
    public int neighbours() {
        requireAnn();
        return ByteBuffer.wrap(values.get(1)).getInt();
    }

    /** ANN: the other expressions rows must hold (none: empty). */
    public List<IndexExpression> restrictions() {
        requireAnn();
        byte[] and = values.get(2);
        if (and == null) {
            return List.of();
        }
        ByteReader in = new ByteReader(and, "ANN restrictions");
        int count = in.readUnsignedByte();
        if (count == 0 || count > MAX_RESTRICTIONS) {
            throw in.malformed("an ANN search has 1 to " + MAX_RESTRICTIONS + " restrictions, not " + count);
        }
        List<IndexExpression> restrictions = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            IndexExpression restriction = read(in);
            if (restriction.operator == Operator.ANN) {
                throw in.malformed("an ANN search restricted by another ANN search");
            }
            restrictions.add(restriction);
        }
        in.expectEnd();
        return List.copyOf(restrictions);
    }

    private void requireAnn() {
        if (operator != Operator.ANN) {
            throw new IllegalStateException(this + " is not an ANN search");
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
        if (count > 3) {
            throw in.malformed("an index expression has at most 3 values, got " + count);
        }
        java.util.List<byte[]> values = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readNullableBytes(MAX_VALUE_BYTES));
        }
        try {
            IndexExpression expression = new IndexExpression(index, Operator.values()[operator], values,
                    (flags & 1) != 0, (flags & 2) != 0);
            if (expression.operator == Operator.ANN) {
                try {
                    expression.restrictions();   // well formed, and none a search itself
                } catch (io.cairn.common.wire.MalformedMessageException nested) {
                    throw in.malformed("an ANN search's restrictions: " + nested.getMessage());
                }
            }
            return expression;
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
