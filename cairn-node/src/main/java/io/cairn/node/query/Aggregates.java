package io.cairn.node.query;

import io.cairn.cql.ast.Selector;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.schema.PartitionKeySerializer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The native aggregates (count, min, max, sum, avg) and the token() selector. */
final class Aggregates {

    private static final Set<String> NAMES = Set.of("count", "min", "max", "sum", "avg");
    /** sum's and avg's overloads, in the order Cassandra's messages list them. */
    private static final List<String> SUM_ORDER = List.of("varint", "counter", "int", "bigint", "decimal", "float",
            "smallint", "double", "tinyint");
    private static final List<String> AVG_ORDER = List.of("smallint", "tinyint", "double", "decimal", "counter", "int",
            "varint", "float", "bigint");

    private Aggregates() {
    }

    static boolean isAggregate(String name) {
        return NAMES.contains(name);
    }

    static Selection.Output countRows() {
        return new Accumulating(NativeType.BIGINT, null, "count*");
    }

    static Selection.Output of(String name, Selection.Output argument) {
        if (argument.isAggregate()) {
            throw CqlException.invalid("aggregate functions cannot be used as arguments of aggregate functions");
        }
        CqlType type = argument.type();
        if ((name.equals("sum") || name.equals("avg")) && !isNumeric(type)) {
            StringBuilder signatures = new StringBuilder();
            for (String numeric : name.equals("sum") ? SUM_ORDER : AVG_ORDER) {
                signatures.append(signatures.length() == 0 ? "" : ", ").append("system.").append(name).append(" : (")
                        .append(numeric).append(") -> ").append(numeric);
            }
            throw CqlException.invalid("Invalid call to function " + name + ", none of its type signatures match "
                    + "(known type signatures: " + signatures + ")");
        }
        CqlType result = name.equals("count") ? NativeType.BIGINT : type;
        return new Accumulating(result, argument, name);
    }

    private static boolean isNumeric(CqlType type) {
        return type instanceof NativeType n && switch (n) {
            case TINYINT, SMALLINT, INT, BIGINT, COUNTER, VARINT, DECIMAL, FLOAT, DOUBLE -> true;
            default -> false;
        };
    }

    /** One aggregate's state during an execution; a fresh copy per execution. */
    private static final class Accumulating implements Selection.Output {
        private final CqlType type;
        private final Selection.Output argument;
        private final String kind;
        private long count;
        private ByteBuffer extreme;
        /** The state of sum or avg; null for the other aggregates. */
        private final NumericAggregate numeric;

        Accumulating(CqlType type, Selection.Output argument, String kind) {
            this.type = type;
            this.argument = argument;
            this.kind = kind;
            this.numeric = kind.equals("sum") || kind.equals("avg")
                    ? NumericAggregate.of((NativeType) type, kind.equals("avg")) : null;
        }

        @Override
        public CqlType type() {
            return type;
        }

        @Override
        public ByteBuffer compute(RowView row, ExecutionContext context) {
            throw new IllegalStateException("aggregate");
        }

        @Override
        public boolean isAggregate() {
            return true;
        }

        @Override
        public Selection.Output newAccumulator() {
            return new Accumulating(type, argument, kind);
        }

        @Override
        public void add(RowView row, ExecutionContext context) {
            if (argument == null) {
                count++;
                return;
            }
            ByteBuffer value = argument.compute(row, context);
            if (value == null || value.remaining() == 0 && type != NativeType.TEXT && type != NativeType.BLOB
                    && type != NativeType.ASCII) {
                return;
            }
            count++;
            switch (kind) {
                case "min" -> extreme = extreme == null || argument.type().compare(value, extreme) < 0 ? value : extreme;
                case "max" -> extreme = extreme == null || argument.type().compare(value, extreme) > 0 ? value : extreme;
                case "sum", "avg" -> numeric.add((Number) argument.type().compose(value));
                default -> {
                }
            }
        }

        @Override
        public ByteBuffer result(ExecutionContext context) {
            switch (kind) {
                case "count*", "count":
                    return NativeType.BIGINT.decompose(count);
                case "min", "max":
                    return extreme;
                default:
                    break;
            }
            return type.decompose(numeric.result());
        }
    }

    static Selection.Output token(TableMetadata table, List<Selection.Output> arguments, List<Selector> selectors) {
        List<ColumnMetadata> key = table.partitionKey();
        boolean matches = selectors.size() == key.size();
        for (int i = 0; matches && i < selectors.size(); i++) {
            matches = selectors.get(i) instanceof Selector.ColumnRef ref && ref.name().equals(key.get(i).name());
        }
        if (!matches) {
            throw CqlException.invalid("Invalid arguments for token(): the partition key columns of " + table
                    + " are expected, in order");
        }
        return new Selection.Output() {
            @Override
            public CqlType type() {
                return NativeType.BIGINT;
            }

            @Override
            public ByteBuffer compute(RowView row, ExecutionContext context) {
                List<ByteBuffer> values = new ArrayList<>(arguments.size());
                for (Selection.Output argument : arguments) {
                    values.add(argument.compute(row, context));
                }
                return NativeType.BIGINT.decompose(PartitionKeySerializer.token(PartitionKeySerializer.serialize(values)));
            }
        };
    }
}
