package io.cairn.node.query;

import io.cairn.cql.type.CqlType;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A native CQL function: its name, argument and return types, and its body over serialized
 * values. A null argument yields null unless the function is called on null input
 * ({@code isCalledOnNullInput}), as {@code toJson} is.
 */
public record ScalarFunction(String name, List<CqlType> argumentTypes, CqlType returnType, Body body,
                             boolean isCalledOnNullInput) {

    @FunctionalInterface
    public interface Body {
        ByteBuffer apply(ExecutionContext context, List<ByteBuffer> arguments);
    }

    public ScalarFunction {
        argumentTypes = List.copyOf(argumentTypes);
    }

    /** A function that returns null when any argument is null. */
    public ScalarFunction(String name, List<CqlType> argumentTypes, CqlType returnType, Body body) {
        this(name, argumentTypes, returnType, body, false);
    }

    public ByteBuffer execute(ExecutionContext context, List<ByteBuffer> arguments) {
        for (ByteBuffer argument : arguments) {
            if (argument == null && !isCalledOnNullInput) {
                return null;
            }
        }
        return body.apply(context, arguments);
    }

    /** {@code name(type, ...)} as error messages write a signature. */
    public String signature() {
        StringBuilder text = new StringBuilder("system.").append(name).append('(');
        for (int i = 0; i < argumentTypes.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(argumentTypes.get(i).asCql());
        }
        return text.append(')').toString();
    }
}
