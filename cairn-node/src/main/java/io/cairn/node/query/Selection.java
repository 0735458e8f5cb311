package io.cairn.node.query;

import io.cairn.cql.ast.AliasedSelector;
import io.cairn.cql.ast.ArithmeticOperator;
import io.cairn.cql.ast.LiteralKind;
import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.Selector;
import io.cairn.cql.ast.Term;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.UserType;
import io.cairn.cql.type.VectorType;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.CqlNames;
import io.cairn.node.schema.TableMetadata;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The selection clause of a SELECT, analyzed: what each output column computes from a row,
 * its name and type for the result metadata, and whether the query aggregates.
 */
final class Selection {

    /** Computes one output column. Aggregates accumulate over rows, then yield once. */
    interface Output {
        CqlType type();

        ByteBuffer compute(RowView row, ExecutionContext context);

        default boolean isAggregate() {
            return false;
        }

        default Output newAccumulator() {
            return this;
        }

        default void add(RowView row, ExecutionContext context) {
        }

        default ByteBuffer result(ExecutionContext context) {
            throw new IllegalStateException("not an aggregate");
        }
    }

    private final TableMetadata table;
    private final List<ResultColumn> columns;
    private final List<Output> outputs;
    private final Set<String> readColumns;
    private final List<ColumnMetadata> referencedColumns;
    private final boolean isAggregate;
    private final boolean isWildcard;

    private Selection(TableMetadata table, List<ResultColumn> columns, List<Output> outputs, Set<String> readColumns,
                      List<ColumnMetadata> referencedColumns, boolean isWildcard) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.outputs = List.copyOf(outputs);
        this.readColumns = readColumns;
        this.referencedColumns = List.copyOf(referencedColumns);
        this.isWildcard = isWildcard;
        this.isAggregate = outputs.stream().anyMatch(Output::isAggregate);
    }

    static Selection wildcard(TableMetadata table) {
        List<ResultColumn> columns = new ArrayList<>();
        List<Output> outputs = new ArrayList<>();
        for (ColumnMetadata column : table.columns()) {
            columns.add(new ResultColumn(table.keyspace(), table.name(), column.name(), column.type()));
            outputs.add(columnOutput(column));
        }
        return new Selection(table, columns, outputs, null, table.columns(), true);
    }

    static Selection analyze(TableMetadata table, List<AliasedSelector> selectors, NativeFunctions functions,
                             TermAnalyzer terms) {
        List<ResultColumn> columns = new ArrayList<>();
        List<Output> outputs = new ArrayList<>();
        Analyzer analyzer = new Analyzer(table, functions, terms);
        for (AliasedSelector selector : selectors) {
            Named named = analyzer.analyze(selector.selector());
            if (selector.selector() instanceof Selector.Parenthesized) {
                // As Cassandra's grammar has it: a whole selector in parentheses is taken for a term.
                throw CqlException.invalid("Cannot infer type for term " + named.name()
                        + " in selection clause (try using a cast to force a type)");
            }
            String name = selector.alias() != null ? selector.alias() : named.name();
            columns.add(new ResultColumn(table.keyspace(), table.name(), name, named.output().type()));
            outputs.add(named.output());
        }
        // Next to aggregates (or under GROUP BY), other selectors give their first row's value.
        Set<String> read = new LinkedHashSet<>();
        for (ColumnMetadata column : analyzer.referenced) {
            if (!column.isPrimaryKey()) {
                read.add(column.name());
            }
        }
        return new Selection(table, columns, outputs, read, List.copyOf(analyzer.referenced), false);
    }

    List<ResultColumn> columns() {
        return columns;
    }

    boolean isAggregate() {
        return isAggregate;
    }

    boolean isWildcard() {
        return isWildcard;
    }

    /** Every column the selectors name, key columns included, in the order first named. */
    List<ColumnMetadata> referencedColumns() {
        return referencedColumns;
    }

    /** Regular and static columns the selection reads, or null for all of them. */
    Set<String> readColumns() {
        return readColumns;
    }

    List<ByteBuffer> compute(RowView row, ExecutionContext context) {
        List<ByteBuffer> values = new ArrayList<>(outputs.size());
        for (Output output : outputs) {
            values.add(output.compute(row, context));
        }
        return values;
    }

    /**
     * Accumulators for one aggregate query execution, or for one GROUP BY group: aggregates
     * accumulate, other selectors keep the first row's value.
     */
    List<Output> newAccumulators() {
        List<Output> accumulators = new ArrayList<>(outputs.size());
        for (Output output : outputs) {
            accumulators.add(output.isAggregate() ? output.newAccumulator() : new FirstValue(output));
        }
        return accumulators;
    }

    private record Named(String name, Output output) {
    }

    private static Output columnOutput(ColumnMetadata column) {
        return new ColumnOutput(column);
    }

    private record ColumnOutput(ColumnMetadata column) implements Output {
        @Override
        public CqlType type() {
            return column.type();
        }

        @Override
        public ByteBuffer compute(RowView row, ExecutionContext context) {
            return row.value(column);
        }
    }

    /** A plain column next to aggregates: the first row's value. */
    static final class FirstValue implements Output {
        private final Output output;
        private boolean seen;
        private ByteBuffer value;

        FirstValue(Output output) {
            this.output = output;
        }

        @Override
        public CqlType type() {
            return output.type();
        }

        @Override
        public ByteBuffer compute(RowView row, ExecutionContext context) {
            return output.compute(row, context);
        }

        @Override
        public boolean isAggregate() {
            return true;
        }

        @Override
        public void add(RowView row, ExecutionContext context) {
            if (!seen) {
                seen = true;
                value = output.compute(row, context);
            }
        }

        @Override
        public ByteBuffer result(ExecutionContext context) {
            return value;
        }
    }

    private static final class Analyzer {
        private final TableMetadata table;
        private final NativeFunctions functions;
        private final TermAnalyzer terms;
        /** Every column the selectors name, in the order first named. */
        private final Set<ColumnMetadata> referenced = new LinkedHashSet<>();

        Analyzer(TableMetadata table, NativeFunctions functions, TermAnalyzer terms) {
            this.table = table;
            this.functions = functions;
            this.terms = terms;
        }

        private ColumnMetadata column(String name) {
            ColumnMetadata column = table.column(name);
            if (column == null) {
                throw CqlException.invalid("Undefined column name " + name + " in table "
                        + CqlNames.quoteIfNeeded(table.keyspace()) + "." + CqlNames.quoteIfNeeded(table.name()));
            }
            referenced.add(column);
            return column;
        }

        Named analyze(Selector selector) {
            if (selector instanceof Selector.ColumnRef ref) {
                ColumnMetadata column = column(ref.name());
                return new Named(column.name(), columnOutput(column));
            } else if (selector instanceof Selector.CountRows) {
                return new Named("count", Aggregates.countRows());
            } else if (selector instanceof Selector.WritetimeOrTtl timeOrTtl) {
                return writetimeOrTtl(timeOrTtl);
            } else if (selector instanceof Selector.FunctionCall call) {
                return function(call);
            } else if (selector instanceof Selector.Cast cast) {
                return cast(cast);
            } else if (selector instanceof Selector.FieldSelection field) {
                return field(field);
            } else if (selector instanceof Selector.ElementSelection element) {
                return element(element);
            } else if (selector instanceof Selector.SliceSelection slice) {
                return slice(slice);
            } else if (selector instanceof Selector.TypeHint hint) {
                Term.Literal literal = literal(hint.selector());
                Term.BindMarker marker = marker(hint.selector());
                return literal != null ? typedConstant(hint, literal)
                        : marker != null ? typedMarker(hint, marker) : analyze(hint.selector());
            } else if (selector instanceof Selector.Arithmetic arithmetic) {
                return operation(Operators.functionName(arithmetic.operator()),
                        List.of(arithmetic.left(), arithmetic.right()));
            } else if (selector instanceof Selector.Negation negation) {
                return operation(Operators.NEGATE, List.of(negation.selector()));
            } else if (selector instanceof Selector.Parenthesized parenthesized) {
                Named inner = analyze(parenthesized.selector());
                return new Named("(" + inner.name() + ")", inner.output());
            } else if (literal(selector) != null || marker(selector) != null) {
                String text = literal(selector) != null ? ArgumentTypes.display(literal(selector))
                        : termText(marker(selector));
                throw CqlException.invalid("Cannot infer type for term " + text
                        + " in selection clause (try using a cast to force a type)");
            }
            throw CqlException.invalid("This kind of selector is not supported yet: "
                    + selector.getClass().getSimpleName());
        }

        private Named writetimeOrTtl(Selector.WritetimeOrTtl selector) {
            if (!(selector.column() instanceof Selector.ColumnRef ref)) {
                throw CqlException.invalid("Only columns can be given to " + selector.kind().name().toLowerCase(Locale.ROOT));
            }
            ColumnMetadata column = column(ref.name());
            String function = selector.kind() == Selector.WritetimeOrTtl.Kind.TTL ? "ttl" : "writetime";
            if (column.isPrimaryKey()) {
                throw CqlException.invalid("Cannot use selection function " + function + " on PRIMARY KEY part "
                        + column.name());
            }
            if (column.type().isMultiCell()) {
                throw CqlException.invalid("Cannot use selection function " + function + " on non-frozen "
                        + column.type().asCql().replaceAll("<.*", "") + " " + column.name());
            }
            String name = selector.kind().name().toLowerCase(Locale.ROOT) + "(" + column.name() + ")";
            if (selector.kind() == Selector.WritetimeOrTtl.Kind.TTL) {
                return new Named(name, new Output() {
                    @Override
                    public CqlType type() {
                        return NativeType.INT;
                    }

                    @Override
                    public ByteBuffer compute(RowView row, ExecutionContext context) {
                        Integer ttl = row.ttl(column);
                        return ttl == null ? null : NativeType.INT.decompose(ttl);
                    }
                });
            }
            return new Named(name, new Output() {
                @Override
                public CqlType type() {
                    return NativeType.BIGINT;
                }

                @Override
                public ByteBuffer compute(RowView row, ExecutionContext context) {
                    Long writetime = row.writetime(column);
                    return writetime == null ? null : NativeType.BIGINT.decompose(writetime);
                }
            });
        }

        /** The constant a selector is, or null. */
        private static Term.Literal literal(Selector selector) {
            return selector instanceof Selector.Value value && value.term() instanceof Term.Literal literal
                    ? literal : null;
        }

        /** The bind marker a selector is, or null. */
        private static Term.BindMarker marker(Selector selector) {
            return selector instanceof Selector.Value value && value.term() instanceof Term.BindMarker marker
                    ? marker : null;
        }

        /** {@code (type) ?}: the bound value as that type, named {@code (int)?}. */
        private Named typedMarker(Selector.TypeHint hint, Term.BindMarker marker) {
            CqlType type = terms.hintedType(hint.type());
            String name = "(" + type.asCql() + ")" + termText(marker);
            BoundTerm value = terms.analyze(marker, new ResultColumn(table.keyspace(), table.name(), name, type));
            return new Named(name, FunctionOutputs.constant(type, value));
        }

        /**
         * An operator applied to selectors ({@link Operators}), named as Cassandra names it:
         * {@code a + 1}, {@code -b}. Constants and bind markers take the type of the parameter
         * the operator resolves them to.
         */
        private Named operation(String function, List<Selector> operands) {
            List<ArgumentTypes.Argument> arguments = new ArrayList<>(operands.size());
            List<Output> analyzed = new ArrayList<>(operands.size());
            for (Selector operand : operands) {
                Term.Literal literal = literal(operand);
                Term.BindMarker marker = marker(operand);
                if (literal != null) {
                    arguments.add(ArgumentTypes.constant(literal));
                    analyzed.add(null);
                } else if (marker != null) {
                    arguments.add(ArgumentTypes.marker(termText(marker)));
                    analyzed.add(null);
                } else {
                    Named named = analyze(operand);
                    arguments.add(ArgumentTypes.typed(named.output().type(), named.name()));
                    analyzed.add(named.output());
                }
            }
            ScalarFunction resolved = functions.resolveOperation(function, arguments, null);
            List<Output> outputs = new ArrayList<>(operands.size());
            for (int i = 0; i < operands.size(); i++) {
                Term.Literal literal = literal(operands.get(i));
                Term.BindMarker marker = marker(operands.get(i));
                if (literal != null) {
                    outputs.add(constant(literal, resolved, i));
                } else if (marker != null) {
                    outputs.add(constant(marker, resolved, i));
                } else {
                    outputs.add(analyzed.get(i));
                }
            }
            ArithmeticOperator operator = Operators.operator(function);
            String name = operator == null ? "-" + arguments.get(0).text()
                    : arguments.get(0).text() + " " + operator.symbol() + " " + arguments.get(1).text();
            return new Named(name, FunctionOutputs.call(resolved, outputs));
        }

        /** {@code (type) constant}, named as Cassandra names it: {@code (int)42}. */
        private Named typedConstant(Selector.TypeHint hint, Term.Literal literal) {
            CqlType type = terms.hintedType(hint.type());
            String name = "(" + type.asCql() + ")" + ArgumentTypes.display(literal);
            BoundTerm value = terms.analyze(literal, new ResultColumn(table.keyspace(), table.name(), name, type));
            return new Named(name, FunctionOutputs.constant(type, value));
        }

        private Named function(Selector.FunctionCall call) {
            QualifiedName name = call.function();
            String lower = name.name().toLowerCase(Locale.ROOT);
            if (lower.equals("count") && call.arguments().size() == 1 && literal(call.arguments().get(0)) != null
                    && literal(call.arguments().get(0)).kind() != LiteralKind.NULL) {
                // As in Cassandra, COUNT of a constant counts rows.
                return analyze(new Selector.CountRows());
            }
            if (lower.equals("token") || Aggregates.isAggregate(lower)) {
                return tokenOrAggregate(call, lower);
            }
            if (VectorFunctions.isVectorFunction(lower)) {
                return similarity(call, lower);
            }
            // Constants among the arguments take their type from the overload they resolve to.
            List<Term.Literal> literals = new ArrayList<>();
            List<Named> arguments = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            List<CqlType> types = new ArrayList<>();
            for (Selector argument : call.arguments()) {
                Term.Literal literal = literal(argument);
                Named named = literal == null ? analyze(argument) : null;
                literals.add(literal);
                arguments.add(named);
                texts.add(literal == null ? named.name() : ArgumentTypes.display(literal));
                types.add(literal == null ? named.output().type() : null);
            }
            String display = "system." + lower + "(" + String.join(", ", texts) + ")";
            ScalarFunction function = functions.resolve(lower, types, texts, literals, null);
            List<Output> argumentOutputs = new ArrayList<>();
            for (int i = 0; i < arguments.size(); i++) {
                argumentOutputs.add(literals.get(i) == null ? arguments.get(i).output()
                        : constant(literals.get(i), function, i));
            }
            return new Named(display, FunctionOutputs.call(function, argumentOutputs));
        }

        /**
         * A similarity function ({@link VectorFunctions}), typed as Cassandra types it: each
         * argument must be a float vector; a vector literal is a {@code vector<float, n>} of its
         * own length; a bind marker or null takes the other argument's type; the dimensions must
         * agree.
         */
        private Named similarity(Selector.FunctionCall call, String name) {
            String signature = "system." + name + VectorFunctions.PARAMETERS;
            if (call.arguments().size() != 2) {
                throw CqlException.invalid("Invalid number of arguments for function " + signature);
            }
            List<Term> constants = new ArrayList<>();
            List<Output> outputs = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            List<VectorType> types = new ArrayList<>();
            for (Selector argument : call.arguments()) {
                Term term = argument instanceof Selector.Value value ? value.term() : listLiteral(argument);
                constants.add(term);
                outputs.add(null);
                if (term instanceof Term.BindMarker marker) {
                    texts.add(termText(marker));
                    types.add(null);
                } else if (term instanceof Term.Literal literal && literal.kind() == LiteralKind.NULL) {
                    texts.add("NULL");
                    types.add(null);
                } else if (term instanceof Term.ListLiteral list && !list.elements().isEmpty()) {
                    texts.add(terms.text(list));
                    types.add(new VectorType(NativeType.FLOAT, list.elements().size()));
                } else if (term != null) {
                    throw CqlException.invalid("Function system." + name + " requires a float vector argument, but "
                            + "found " + terms.text(term));
                } else {
                    Named named = analyze(argument);
                    CqlType type = named.output().type();
                    if (!(type instanceof VectorType vector) || vector.element() != NativeType.FLOAT) {
                        throw CqlException.invalid("Function system." + name + " requires a float vector argument, "
                                + "but found argument " + named.name() + " of type " + type.asCql());
                    }
                    texts.add(named.name());
                    types.add(vector);
                    outputs.set(outputs.size() - 1, named.output());
                }
            }
            VectorType type = types.get(0) != null ? types.get(0) : types.get(1);
            if (type == null) {
                throw CqlException.invalid("Cannot infer type of argument " + texts.get(0) + " in call to function "
                        + signature + ": use type casts to disambiguate");
            }
            for (VectorType other : types) {
                if (other != null && other.dimension() != type.dimension()) {
                    throw CqlException.invalid("All arguments must have the same vector dimensions");
                }
            }
            for (int i = 0; i < constants.size(); i++) {
                if (constants.get(i) instanceof Term.ListLiteral list) {
                    for (Term element : list.elements()) {
                        if (element instanceof Term.Literal literal && (literal.kind() == LiteralKind.NULL
                                || ArgumentTypes.fit(NativeType.FLOAT, literal) == ArgumentTypes.Fit.NONE)) {
                            throw CqlException.invalid("Type error: " + texts.get(i) + " cannot be passed as argument "
                                    + i + " of function system." + name + " of type " + type.asCql());
                        }
                    }
                }
            }
            ScalarFunction function = VectorFunctions.similarity(name, type);
            for (int i = 0; i < outputs.size(); i++) {
                if (outputs.get(i) == null) {
                    outputs.set(i, constant(constants.get(i), function, i));
                }
            }
            return new Named("system." + name + "(" + String.join(", ", texts) + ")",
                    FunctionOutputs.call(function, outputs));
        }

        /** A selector {@code [a, b, ...]} of constants and bind markers as the list literal it is; else null. */
        private static Term.ListLiteral listLiteral(Selector selector) {
            if (!(selector instanceof Selector.ListSelector list)) {
                return null;
            }
            List<Term> elements = new ArrayList<>(list.elements().size());
            for (Selector element : list.elements()) {
                if (!(element instanceof Selector.Value value)) {
                    return null;
                }
                elements.add(value.term());
            }
            return new Term.ListLiteral(elements);
        }

        /** A constant or bind marker argument, as its parameter's type (a constant converted once, at analysis). */
        private Output constant(Term literal, ScalarFunction function, int index) {
            CqlType type = function.argumentTypes().get(index);
            return FunctionOutputs.constant(type, terms.analyze(literal, new ResultColumn(table.keyspace(),
                    table.name(), "arg" + index + "(system." + function.name() + ")", type)));
        }

        private Named tokenOrAggregate(Selector.FunctionCall call, String lower) {
            List<Named> arguments = new ArrayList<>();
            for (Selector argument : call.arguments()) {
                arguments.add(analyze(argument));
            }
            String display = "system." + lower + "(" + String.join(", ", arguments.stream().map(Named::name).toList())
                    + ")";
            if (lower.equals("token")) {
                return new Named(display, Aggregates.token(table, arguments.stream().map(Named::output).toList(),
                        call.arguments()));
            }
            if (arguments.size() != 1) {
                throw CqlException.invalid("Invalid number of arguments in call to function " + lower + ": 1 "
                        + "required but " + arguments.size() + " provided");
            }
            return new Named(display, Aggregates.of(lower, arguments.get(0).output()));
        }

        private Named cast(Selector.Cast cast) {
            Named inner = analyze(cast.selector());
            String written = cast.type().name().toLowerCase(Locale.ROOT);
            NativeType target = NativeType.valueOf(cast.type() == io.cairn.cql.ast.NativeTypeName.VARCHAR
                    ? "TEXT" : cast.type().name());
            CqlType source = inner.output().type();
            if (source.equals(target)) {
                // As in Cassandra, a cast to the value's own type is no cast: same value, same name.
                return inner;
            }
            String functionName = CastFunctions.name(written);
            if (!functions.exists(functionName)) {
                throw CqlException.invalid(inner.name() + " cannot be cast to " + written);
            }
            ScalarFunction function = functions.resolve("system." + functionName, List.of(source),
                    List.of(inner.name()), null);
            return new Named("cast(" + inner.name() + " as " + target.asCql() + ")",
                    FunctionOutputs.call(function, List.of(inner.output())));
        }

        /** {@code m['k']}, named as Cassandra names it. */
        private Named element(Selector.ElementSelection selection) {
            Named inner = analyze(selection.selector());
            CqlType keyType = ElementSelectors.keyType(inner.output().type(), inner.name(), "Element");
            BoundTerm key = terms.analyze(selection.element(), keyReceiver(inner, keyType));
            String name = inner.name() + "[" + termText(selection.element()) + "]";
            return new Named(name, ElementSelectors.element(inner.output(), key, name));
        }

        /** {@code m['a'..'z']}, {@code m['a'..]} or {@code m[..'z']}, named as Cassandra names it. */
        private Named slice(Selector.SliceSelection selection) {
            Named inner = analyze(selection.selector());
            CqlType keyType = ElementSelectors.keyType(inner.output().type(), inner.name(), "Slice");
            BoundTerm from = selection.from() == null ? null
                    : terms.analyze(selection.from(), keyReceiver(inner, keyType));
            BoundTerm to = selection.to() == null ? null : terms.analyze(selection.to(), keyReceiver(inner, keyType));
            String name = inner.name() + "[" + (selection.from() == null ? "" : termText(selection.from())) + ".."
                    + (selection.to() == null ? "" : termText(selection.to())) + "]";
            return new Named(name, ElementSelectors.slice(inner.output(), from, to, name));
        }

        /** What a bind marker in an element or slice selection is named: a map's key, a set's value. */
        private ResultColumn keyReceiver(Named collection, CqlType keyType) {
            String kind = collection.output().type() instanceof io.cairn.cql.type.MapType ? "key" : "value";
            return new ResultColumn(table.keyspace(), table.name(), kind + "(" + collection.name() + ")", keyType);
        }

        /** A term as a selector's name shows it: a literal as written, a bind marker as {@code ?}. */
        private static String termText(Term term) {
            if (term instanceof Term.Literal literal) {
                return ArgumentTypes.display(literal);
            }
            if (term instanceof Term.BindMarker marker) {
                return marker.name() == null ? "?" : ":" + marker.name();
            }
            return term.toString();
        }

        private Named field(Selector.FieldSelection selection) {
            Named inner = analyze(selection.selector());
            if (!(inner.output().type() instanceof UserType udt)) {
                throw CqlException.invalid("Invalid field selection: " + inner.name() + " of type "
                        + inner.output().type().asCql() + " is not a user type");
            }
            int index = udt.fieldIndex(selection.field());
            if (index < 0) {
                throw CqlException.invalid(inner.name() + " of type " + udt.asCql() + " has no field "
                        + selection.field());
            }
            Output output = inner.output();
            CqlType fieldType = udt.fieldTypes().get(index);
            return new Named(inner.name() + "." + selection.field(), new Output() {
                @Override
                public CqlType type() {
                    return fieldType;
                }

                @Override
                public ByteBuffer compute(RowView row, ExecutionContext context) {
                    ByteBuffer value = output.compute(row, context);
                    if (value == null) {
                        return null;
                    }
                    List<ByteBuffer> fields = udt.unpack(value);
                    return index < fields.size() ? fields.get(index) : null;
                }
            });
        }
    }
}
