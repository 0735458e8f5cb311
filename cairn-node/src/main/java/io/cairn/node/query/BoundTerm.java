package io.cairn.node.query;

import io.cairn.cql.type.CqlType;

import java.nio.ByteBuffer;

/**
 * An analyzed term: knows its type and yields its serialized value at execution, from
 * constants, bound values and functions. {@link #bind} returns null for NULL and
 * {@link QueryOptions#UNSET} for an unset bind variable.
 */
public interface BoundTerm {

    CqlType type();

    ByteBuffer bind(ExecutionContext context);

    /** True when the value is known at analysis (a constant): it can be checked early. */
    default boolean isConstant() {
        return false;
    }

    static BoundTerm constant(CqlType type, ByteBuffer value) {
        return new BoundTerm() {
            @Override
            public CqlType type() {
                return type;
            }

            @Override
            public ByteBuffer bind(ExecutionContext context) {
                return value == null ? null : value.duplicate();
            }

            @Override
            public boolean isConstant() {
                return true;
            }
        };
    }
}
