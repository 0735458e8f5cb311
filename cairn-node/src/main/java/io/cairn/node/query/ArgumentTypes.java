package io.cairn.node.query;

import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.NativeType;

/**
 * Which values a function parameter takes besides its own type's, as Cassandra's value
 * compatibility has it: a parameter reads the given value's bytes as its own type. A blob
 * takes anything, text takes ascii, a timestamp and a bigint take each other, a date takes an
 * int, a time a bigint, a varint an int, a bigint or a timestamp, a uuid a timeuuid.
 */
final class ArgumentTypes {

    private ArgumentTypes() {
    }

    static boolean isAssignable(CqlType parameter, CqlType given) {
        if (parameter.equals(given) || parameter == NativeType.BLOB) {
            return true;
        }
        if (!(parameter instanceof NativeType receiver) || !(given instanceof NativeType value)) {
            return false;
        }
        return switch (receiver) {
            case TEXT -> value == NativeType.ASCII;
            case BIGINT -> value == NativeType.TIMESTAMP;
            case TIMESTAMP, TIME -> value == NativeType.BIGINT;
            case DATE -> value == NativeType.INT;
            case VARINT -> value == NativeType.INT || value == NativeType.BIGINT || value == NativeType.TIMESTAMP;
            case UUID -> value == NativeType.TIMEUUID;
            default -> false;
        };
    }
}
