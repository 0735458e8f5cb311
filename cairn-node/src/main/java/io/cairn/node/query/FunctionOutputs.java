package io.cairn.node.query;

import io.cairn.cql.type.CqlType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Selection outputs of scalar function calls (casts included) and of their constant arguments. */
final class FunctionOutputs {

    private FunctionOutputs() {
    }

    /**
     * {@code function} applied to its arguments' outputs, row by row; or, when an argument
     * aggregates ({@code count(*) + 1}), once to the aggregated values.
     */
    static Selection.Output call(ScalarFunction function, List<Selection.Output> arguments) {
        List<Selection.Output> argumentOutputs = List.copyOf(arguments);
        if (argumentOutputs.stream().anyMatch(Selection.Output::isAggregate)) {
            return new AggregateCall(function, argumentOutputs);
        }
        return new Selection.Output() {
            @Override
            public CqlType type() {
                return function.returnType();
            }

            @Override
            public ByteBuffer compute(RowView row, ExecutionContext context) {
                List<ByteBuffer> values = new ArrayList<>(argumentOutputs.size());
                for (Selection.Output argument : argumentOutputs) {
                    values.add(set(argument.compute(row, context), function));
                }
                return function.execute(context, values);
            }
        };
    }

    /** A function of aggregates: its arguments accumulate (the others keep their first row's value). */
    private static final class AggregateCall implements Selection.Output {
        private final ScalarFunction function;
        private final List<Selection.Output> arguments;

        AggregateCall(ScalarFunction function, List<Selection.Output> arguments) {
            this.function = function;
            this.arguments = arguments;
        }

        @Override
        public CqlType type() {
            return function.returnType();
        }

        @Override
        public ByteBuffer compute(RowView row, ExecutionContext context) {
            throw new IllegalStateException("An aggregate is computed by its accumulator");
        }

        @Override
        public boolean isAggregate() {
            return true;
        }

        @Override
        public Selection.Output newAccumulator() {
            List<Selection.Output> accumulators = new ArrayList<>(arguments.size());
            for (Selection.Output argument : arguments) {
                accumulators.add(argument.isAggregate() ? argument.newAccumulator()
                        : new Selection.FirstValue(argument));
            }
            return new AggregateCall(function, accumulators);
        }

        @Override
        public void add(RowView row, ExecutionContext context) {
            for (Selection.Output argument : arguments) {
                argument.add(row, context);
            }
        }

        @Override
        public ByteBuffer result(ExecutionContext context) {
            List<ByteBuffer> values = new ArrayList<>(arguments.size());
            for (Selection.Output argument : arguments) {
                values.add(set(argument.result(context), function));
            }
            return function.execute(context, values);
        }
    }

    /** An argument's value, refused when it is a bind value left unset, as Cassandra refuses it. */
    private static ByteBuffer set(ByteBuffer value, ScalarFunction function) {
        if (value == QueryOptions.UNSET) {
            throw io.cairn.cql.error.CqlException.invalid("Invalid unset value for argument in call to function "
                    + function.name());
        }
        return value;
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
