package io.cairn.node.query;

import io.cairn.cql.type.CqlType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Selection outputs of scalar function calls (casts included) and of their constant arguments. */
final class FunctionOutputs {

    private FunctionOutputs() {
    }

    /** {@code function} applied to its arguments' outputs, row by row. */
    static Selection.Output call(ScalarFunction function, List<Selection.Output> arguments) {
        List<Selection.Output> argumentOutputs = List.copyOf(arguments);
        return new Selection.Output() {
            @Override
            public CqlType type() {
                return function.returnType();
            }

            @Override
            public ByteBuffer compute(RowView row, ExecutionContext context) {
                List<ByteBuffer> values = new ArrayList<>(argumentOutputs.size());
                for (Selection.Output argument : argumentOutputs) {
                    values.add(argument.compute(row, context));
                }
                return function.execute(context, values);
            }
        };
    }

    /** A constant of {@code type}, the same for every row. */
    static Selection.Output constant(CqlType type, BoundTerm value) {
        return new Selection.Output() {
            @Override
            public CqlType type() {
                return type;
            }

            @Override
            public ByteBuffer compute(RowView row, ExecutionContext context) {
                return value.bind(context);
            }
        };
    }
}
