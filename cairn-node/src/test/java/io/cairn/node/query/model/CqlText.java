package io.cairn.node.query.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Builds a statement's text, writing values as literals or as bind markers with their values. */
public final class CqlText {

    /** A statement's text and the values of its bind markers. */
    public record Statement(String cql, List<ByteBuffer> values) {
        @Override
        public String toString() {
            return values.isEmpty() ? cql : cql + " -- bound " + values.size() + " values";
        }
    }

    private final StringBuilder text = new StringBuilder();
    private final List<ByteBuffer> values = new ArrayList<>();
    private final boolean isBound;

    public CqlText(boolean isBound) {
        this.isBound = isBound;
    }

    public CqlText append(String cql) {
        text.append(cql);
        return this;
    }

    /** Appends a value (null is CQL null). */
    public CqlText value(Value value) {
        if (isBound) {
            text.append('?');
            values.add(value == null ? null : ByteBuffer.wrap(value.bytes()));
        } else {
            text.append(value == null ? "null" : value.literal());
        }
        return this;
    }

    /** Appends {@code (v1, v2, ...)}. */
    public CqlText tuple(List<Value> tuple) {
        text.append('(');
        for (int i = 0; i < tuple.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            value(tuple.get(i));
        }
        text.append(')');
        return this;
    }

    public Statement build() {
        return new Statement(text.toString(), values);
    }
}
