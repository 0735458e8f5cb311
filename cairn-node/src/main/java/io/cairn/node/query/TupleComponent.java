package io.cairn.node.query;

import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.TupleType;

import java.nio.ByteBuffer;

/** One component of a tuple-valued term, as {@code (a, b) = (?, ?)} binds each column. */
final class TupleComponent implements BoundTerm {

    private final BoundTerm tuple;
    private final int index;
    private final CqlType type;

    TupleComponent(BoundTerm tuple, int index, CqlType type) {
        this.tuple = tuple;
        this.index = index;
        this.type = type;
    }

    @Override
    public CqlType type() {
        return type;
    }

    @Override
    public ByteBuffer bind(ExecutionContext context) {
        ByteBuffer value = tuple.bind(context);
        if (value == null || value == QueryOptions.UNSET) {
            return value;
        }
        var components = ((TupleType) tuple.type()).unpack(value);
        return index < components.size() ? components.get(index) : null;
    }
}
