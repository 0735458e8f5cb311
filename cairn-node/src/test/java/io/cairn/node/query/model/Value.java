package io.cairn.node.query.model;

import java.util.Arrays;
import java.util.HexFormat;

/** A value of a generated column: its type and its serialized bytes (compared by content). */
public record Value(GeneratedType type, byte[] bytes) implements Comparable<Value> {

    public String literal() {
        return type.literal(bytes);
    }

    public String hex() {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** CQL's ascending order of the type. */
    @Override
    public int compareTo(Value other) {
        return type.compare(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Value value && type == value.type && Arrays.equals(bytes, value.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return literal();
    }
}
