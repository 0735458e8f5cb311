package io.cairn.node.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.common.time.Clock;
import io.cairn.cql.ast.CqlTypeSyntax;
import io.cairn.cql.ast.LiteralKind;
import io.cairn.cql.ast.Term;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.FunctionFailureException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.CqlTypes;
import io.cairn.cql.type.Json;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.SetType;
import io.cairn.cql.type.TupleType;
import io.cairn.cql.type.UserType;
import io.cairn.cql.type.UserTypeLookup;
import io.cairn.cql.type.VectorType;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Types the terms of a statement against what receives them (a column, a collection
 * element, a function argument) and turns them into {@link BoundTerm}s. Constants are
 * converted and validated here, once, so a prepared statement pays for them only at PREPARE.
 */
public final class TermAnalyzer {

    private final NativeFunctions functions;
    /** Result types of calls and operations already resolved, by term and receiver type (or the failure). */
    private final Map<Term, Map<CqlType, Object>> resolved = new IdentityHashMap<>();
    private final UserTypeLookup userTypes;
    private final String keyspace;
    private final BindVariables variables;
    private final Clock clock;

    public TermAnalyzer(NativeFunctions functions, UserTypeLookup userTypes, String keyspace, BindVariables variables,
                        Clock clock) {
        this.clock = clock;
        this.functions = functions;
        this.userTypes = userTypes;
        this.keyspace = keyspace;
        this.variables = variables;
    }

    public BindVariables variables() {
        return variables;
    }

    /** Analyzes {@code term} as a value of {@code receiver}'s type. */
    public BoundTerm analyze(Term term, ResultColumn receiver) {
        CqlType type = receiver.type();
        if (term instanceof Term.Literal literal) {
            return BoundTerm.constant(type, literal(literal, receiver));
        } else if (term instanceof Term.BindMarker marker) {
            return marker(marker, receiver);
        } else if (term instanceof Term.ListLiteral list) {
            return list(list, receiver);
        } else if (term instanceof Term.SetLiteral set) {
            return set(set.elements(), receiver);
        } else if (term instanceof Term.MapLiteral map) {
            return map(map, receiver);
        } else if (term instanceof Term.EmptySetOrMap) {
            return empty(receiver);
        } else if (term instanceof Term.TupleLiteral tuple) {
            return tuple(tuple, receiver);
        } else if (term instanceof Term.UdtLiteral udt) {
            return udt(udt, receiver);
        } else if (term instanceof Term.FunctionCall call) {
            return function(call, receiver);
        } else if (term instanceof Term.TypeHint hint) {
            return typeHint(hint, receiver);
        } else if (term instanceof Term.Arithmetic arithmetic) {
            return operation(Operators.functionName(arithmetic.operator()),
                    List.of(arithmetic.left(), arithmetic.right()), receiver);
        } else if (term instanceof Term.Negation negation) {
            return operation(Operators.NEGATE, List.of(negation.term()), receiver);
        } else if (term instanceof Term.Cast) {
            throw CqlException.invalid("CAST is only allowed in the selection clause");
        }
        throw new IllegalArgumentException("A term of no known kind: " + term.getClass().getSimpleName());
    }

    /**
     * An operator applied to terms: resolved against the receiver's type, then each operand
     * analyzed as its parameter, so a constant takes the parameter's type.
     */
    private BoundTerm operation(String name, List<Term> operands, ResultColumn receiver) {
        List<ArgumentTypes.Argument> arguments = new ArrayList<>(operands.size());
        for (Term operand : operands) {
            arguments.add(argument(operand));
        }
        ScalarFunction function = functions.resolveOperation(name, arguments, receiver.type());
        List<BoundTerm> bound = new ArrayList<>(operands.size());
        for (int i = 0; i < operands.size(); i++) {
            bound.add(analyze(operands.get(i), new ResultColumn(receiver.keyspace(), receiver.table(),
                    "arg" + i + "(system." + name + ")", function.argumentTypes().get(i))));
        }
        return call(function, bound);
    }

    /**
     * A term as an argument of a call being resolved, analyzed for no receiver yet (and so
     * without registering its bind markers): a nested call fits a parameter as its result for
     * that receiver would, as in Cassandra, and weakly when it resolves for none.
     */
    private ArgumentTypes.Argument argument(Term term) {
        String text = text(term);
        if (term instanceof Term.TupleLiteral tuple && tuple.elements().size() == 1) {
            // A term in parentheses: an operator's operands are never tuples.
            ArgumentTypes.Argument inner = argument(tuple.elements().get(0));
            return new ArgumentTypes.Argument() {
                @Override
                public ArgumentTypes.Fit fit(CqlType parameter) {
                    return inner.fit(parameter);
                }

                @Override
                public String text() {
                    return text;
                }

                @Override
                public boolean isMarker() {
                    return inner.isMarker();
                }
            };
        }
        if (term instanceof Term.Literal literal) {
            return ArgumentTypes.constant(literal);
        }
        if (term instanceof Term.BindMarker) {
            return ArgumentTypes.marker(text);
        }
        if (term instanceof Term.TypeHint hint) {
            return ArgumentTypes.typed(hintedType(hint.type()), text);
        }
        if (term instanceof Term.FunctionCall || term instanceof Term.Arithmetic || term instanceof Term.Negation) {
            return new ArgumentTypes.Argument() {
                @Override
                public ArgumentTypes.Fit fit(CqlType parameter) {
                    CqlType result;
                    try {
                        result = resultType(term, parameter);
                    } catch (CqlException e) {
                        return ArgumentTypes.Fit.WEAK;
                    }
                    return result.equals(parameter) ? ArgumentTypes.Fit.EXACT
                            : ArgumentTypes.isAssignable(parameter, result) ? ArgumentTypes.Fit.WEAK
                            : ArgumentTypes.Fit.NONE;
                }

                @Override
                public String text() {
                    return text;
                }
            };
        }
        // Collection, tuple and user type literals: no operator takes them.
        return new ArgumentTypes.Argument() {
            @Override
            public ArgumentTypes.Fit fit(CqlType parameter) {
                return ArgumentTypes.Fit.NONE;
            }

            @Override
            public String text() {
                return text;
            }
        };
    }

    /** A term as messages write it, as Cassandra writes it. */
    String text(Term term) {
        if (term instanceof Term.Literal literal) {
            return ArgumentTypes.display(literal);
        }
        if (term instanceof Term.BindMarker marker) {
            return marker.name() == null ? "?" : ":" + marker.name();
        }
        if (term instanceof Term.TypeHint hint) {
            return "(" + hintedType(hint.type()).asCql() + ")" + text(hint.term());
        }
        if (term instanceof Term.Arithmetic arithmetic) {
            return text(arithmetic.left()) + " " + arithmetic.operator().symbol() + " " + text(arithmetic.right());
        }
        if (term instanceof Term.Negation negation) {
            return "-" + text(negation.term());
        }
        if (term instanceof Term.TupleLiteral tuple) {
            return "(" + texts(tuple.elements()) + ")";
        }
        if (term instanceof Term.ListLiteral list) {
            return "[" + texts(list.elements()) + "]";
        }
        if (term instanceof Term.SetLiteral set) {
            return "{" + texts(set.elements()) + "}";
        }
        if (term instanceof Term.EmptySetOrMap) {
            return "{}";
        }
        if (term instanceof Term.MapLiteral map) {
            List<String> entries = new ArrayList<>();
            for (Term.MapLiteral.Entry entry : map.entries()) {
                entries.add(text(entry.key()) + ": " + text(entry.value()));
            }
            return "{" + String.join(", ", entries) + "}";
        }
        if (term instanceof Term.UdtLiteral udt) {
            List<String> fields = new ArrayList<>();
            for (Term.UdtLiteral.Field field : udt.fields()) {
                fields.add(field.name() + ": " + text(field.value()));
            }
            return "{" + String.join(", ", fields) + "}";
        }
        if (term instanceof Term.FunctionCall call) {
            List<String> arguments = new ArrayList<>();
            for (Term argument : call.arguments()) {
                arguments.add(text(argument));
            }
            return call.function().name() + "(" + String.join(", ", arguments) + ")";
        }
        return term.toString();
    }

    private String texts(List<Term> terms) {
        List<String> texts = new ArrayList<>(terms.size());
        for (Term term : terms) {
            texts.add(text(term));
        }
        return String.join(", ", texts);
    }

    /**
     * Refuses a constant inside a collection, tuple or user type literal that its part's type
     * does not take, as Cassandra words it: {@code Invalid set literal for s: value 1 is not of
     * type text}.
     */
    private static void checkPart(Term part, CqlType type, ResultColumn receiver, String literalKind, String what) {
        if (part instanceof Term.Literal literal && literal.kind() != LiteralKind.NULL
                && ArgumentTypes.fit(type, literal) == ArgumentTypes.Fit.NONE) {
            throw CqlException.invalid("Invalid " + literalKind + " literal for " + receiver.name() + ": " + what
                    + " is not of type " + type.asCql());
        }
    }

    /** The type a call or operation gives for a receiver of {@code receiverType}, resolved without side effects. */
    private CqlType resultType(Term term, CqlType receiverType) {
        // Remembered per term and receiver type: a nested operand is tried against every
        // overload's parameter, so without it each level of nesting would multiply the work.
        Map<CqlType, Object> byReceiver = resolved.computeIfAbsent(term, t -> new HashMap<>());
        Object known = byReceiver.get(receiverType);
        if (known == null) {
            try {
                known = resolveResultType(term, receiverType);
            } catch (CqlException e) {
                known = e;
            }
            byReceiver.put(receiverType, known);
        }
        if (known instanceof CqlException e) {
            throw e;
        }
        return (CqlType) known;
    }

    private CqlType resolveResultType(Term term, CqlType receiverType) {
        if (term instanceof Term.FunctionCall call && NativeFunctions.isFromJson(call.function().name())) {
            // fromJson gives whatever its receiver takes.
            if (receiverType == null) {
                throw CqlException.invalid("fromJson() can only be used where the type it gives is known");
            }
            return receiverType;
        }
        if (term instanceof Term.Arithmetic arithmetic) {
            return functions.resolveOperation(Operators.functionName(arithmetic.operator()),
                    List.of(argument(arithmetic.left()), argument(arithmetic.right())), receiverType).returnType();
        }
        if (term instanceof Term.Negation negation) {
            return functions.resolveOperation(Operators.NEGATE, List.of(argument(negation.term())), receiverType)
                    .returnType();
        }
        return resolve((Term.FunctionCall) term, receiverType).returnType();
    }

    /** The overload a call resolves to, its constants typed by the overload, for a receiver of {@code receiverType}. */
    private ScalarFunction resolve(Term.FunctionCall call, CqlType receiverType) {
        List<CqlType> argumentTypes = new ArrayList<>();
        List<Term.Literal> literals = new ArrayList<>();
        for (Term argument : call.arguments()) {
            argumentTypes.add(knownType(argument));
            literals.add(argument instanceof Term.Literal literal ? literal : null);
        }
        return functions.resolve(call.function().name(), argumentTypes, null, literals, receiverType);
    }

    private BoundTerm marker(Term.BindMarker marker, ResultColumn receiver) {
        variables.set(marker, receiver);
        CqlType type = receiver.type();
        int index = marker.index();
        return new BoundTerm() {
            @Override
            public CqlType type() {
                return type;
            }

            @Override
            public ByteBuffer bind(ExecutionContext context) {
                ByteBuffer value = context.value(index);
                if (value != null && value != QueryOptions.UNSET) {
                    try {
                        type.validate(value);
                    } catch (CqlException e) {
                        throw CqlException.invalid("Exception while binding column " + receiver.name() + ": "
                                + e.getMessage());
                    }
                }
                return value;
            }
        };
    }

    private ByteBuffer literal(Term.Literal literal, ResultColumn receiver) {
        if (literal.kind() == LiteralKind.NULL) {
            if (receiver.type() == NativeType.COUNTER) {
                // Cassandra's wording, wherever a counter receives a null.
                throw CqlException.invalid("Invalid null value for counter increment/decrement");
            }
            return null;
        }
        CqlType type = receiver.type();
        if (!(type instanceof NativeType nativeType) || !accepts(nativeType, literal.kind())) {
            throw invalidConstant(literal, receiver);
        }
        try {
            if (nativeType == NativeType.TIMESTAMP && literal.kind() == LiteralKind.STRING
                    && literal.text().equalsIgnoreCase("now")) {
                // As in Cassandra, 'now' is the time the statement is analyzed (prepared).
                return nativeType.decompose(Instant.ofEpochMilli(clock.currentTimeMillis()));
            }
            if (literal.kind() == LiteralKind.HEX) {
                return NativeType.BLOB.fromString(literal.text());
            }
            return nativeType.fromString(literal.text());
        } catch (CqlException e) {
            throw CqlException.invalid(e.getMessage());
        } catch (RuntimeException e) {
            throw invalidConstant(literal, receiver);
        }
    }

    private static CqlException invalidConstant(Term.Literal literal, ResultColumn receiver) {
        return CqlException.invalid("Invalid " + literal.kind() + " constant (" + literal.text() + ") for \""
                + receiver.name() + "\" of type " + receiver.type().asCql());
    }

    /** Which constant kinds each native type accepts, as Cassandra's Constants.Type does. */
    static boolean accepts(NativeType type, LiteralKind kind) {
        return switch (kind) {
            case STRING -> switch (type) {
                case ASCII, TEXT, TIMESTAMP, DATE, TIME, INET -> true;
                default -> false;
            };
            case INTEGER -> switch (type) {
                case BIGINT, COUNTER, DECIMAL, DOUBLE, FLOAT, INT, SMALLINT, TINYINT, VARINT, TIMESTAMP, DATE, TIME,
                     DURATION -> true;
                default -> false;
            };
            case FLOAT -> type == NativeType.DECIMAL || type == NativeType.DOUBLE || type == NativeType.FLOAT;
            case BOOLEAN -> type == NativeType.BOOLEAN;
            case UUID -> type == NativeType.UUID || type == NativeType.TIMEUUID;
            case HEX -> type == NativeType.BLOB;
            case DURATION -> type == NativeType.DURATION;
            case NULL -> true;
        };
    }

    private BoundTerm list(Term.ListLiteral list, ResultColumn receiver) {
        if (receiver.type() instanceof SetType) {
            return set(list.elements(), receiver);
        }
        if (receiver.type() instanceof VectorType vectorType) {
            return vector(list, vectorType, receiver);
        }
        if (!(receiver.type() instanceof ListType listType)) {
            throw CqlException.invalid("Invalid list literal for " + receiver.name() + " of type "
                    + receiver.type().asCql());
        }
        ResultColumn elementReceiver = element(receiver, "value", listType.element());
        List<BoundTerm> elements = new ArrayList<>(list.elements().size());
        for (Term element : list.elements()) {
            checkPart(element, listType.element(), receiver, "list", "value " + text(element));
            elements.add(analyze(element, elementReceiver));
        }
        return composite(listType, elements, values -> listType.pack(nonNull(values, receiver)));
    }

    /**
     * {@code [1.0, 2.5, 3]} for a vector: exactly as many elements as its dimension, none null,
     * with Cassandra's messages.
     */
    private BoundTerm vector(Term.ListLiteral list, VectorType vectorType, ResultColumn receiver) {
        if (list.elements().size() != vectorType.dimension()) {
            throw CqlException.invalid("Invalid vector literal for " + receiver.name() + " of type "
                    + vectorType.asCql() + "; expected " + vectorType.dimension() + " elements, but given "
                    + list.elements().size());
        }
        ResultColumn elementReceiver = element(receiver, "value", vectorType.element());
        List<BoundTerm> elements = new ArrayList<>(list.elements().size());
        for (Term element : list.elements()) {
            if (element instanceof Term.Literal literal && literal.kind() == LiteralKind.NULL) {
                throw CqlException.invalid("null is not supported inside vectors");
            }
            checkPart(element, vectorType.element(), receiver, "vector", "value " + text(element));
            elements.add(analyze(element, elementReceiver));
        }
        return composite(vectorType, elements, values -> {
            for (ByteBuffer value : values) {
                if (value == null) {
                    throw CqlException.invalid("null is not supported inside vectors");
                }
            }
            return vectorType.pack(values);
        });
    }

    private BoundTerm set(List<Term> terms, ResultColumn receiver) {
        if (!(receiver.type() instanceof SetType setType)) {
            throw CqlException.invalid("Invalid set literal for " + receiver.name() + " of type "
                    + receiver.type().asCql());
        }
        ResultColumn elementReceiver = element(receiver, "value", setType.element());
        List<BoundTerm> elements = new ArrayList<>(terms.size());
        for (Term element : terms) {
            checkPart(element, setType.element(), receiver, "set", "value " + text(element));
            elements.add(analyze(element, elementReceiver));
        }
        return composite(setType, elements, values -> setType.pack(nonNull(values, receiver)));
    }

    private BoundTerm map(Term.MapLiteral map, ResultColumn receiver) {
        if (receiver.type() instanceof UserType) {
            List<Term.UdtLiteral.Field> fields = new ArrayList<>();
            for (Term.MapLiteral.Entry entry : map.entries()) {
                if (!(entry.key() instanceof Term.Literal key) || key.kind() != LiteralKind.STRING) {
                    throw CqlException.invalid("Invalid user type literal for " + receiver.name());
                }
                fields.add(new Term.UdtLiteral.Field(key.text(), entry.value()));
            }
            return udt(new Term.UdtLiteral(fields), receiver);
        }
        if (!(receiver.type() instanceof MapType mapType)) {
            throw CqlException.invalid("Invalid map literal for " + receiver.name() + " of type "
                    + receiver.type().asCql());
        }
        ResultColumn keyReceiver = element(receiver, "key", mapType.keys());
        ResultColumn valueReceiver = element(receiver, "value", mapType.values());
        List<BoundTerm> parts = new ArrayList<>(map.entries().size() * 2);
        for (Term.MapLiteral.Entry entry : map.entries()) {
            checkPart(entry.key(), mapType.keys(), receiver, "map", "key " + text(entry.key()));
            checkPart(entry.value(), mapType.values(), receiver, "map", "value " + text(entry.value()));
            parts.add(analyze(entry.key(), keyReceiver));
            parts.add(analyze(entry.value(), valueReceiver));
        }
        return composite(mapType, parts, values -> {
            List<ByteBuffer> checked = nonNull(values, receiver);
            List<Map.Entry<ByteBuffer, ByteBuffer>> entries = new ArrayList<>(checked.size() / 2);
            for (int i = 0; i < checked.size(); i += 2) {
                entries.add(new AbstractMap.SimpleImmutableEntry<>(checked.get(i), checked.get(i + 1)));
            }
            return mapType.pack(entries);
        });
    }

    private BoundTerm empty(ResultColumn receiver) {
        CqlType type = receiver.type();
        if (type instanceof SetType setType) {
            return BoundTerm.constant(type, setType.pack(List.of()));
        }
        if (type instanceof MapType mapType) {
            return BoundTerm.constant(type, mapType.pack(List.of()));
        }
        if (type instanceof ListType listType) {
            return BoundTerm.constant(type, listType.pack(List.of()));
        }
        throw CqlException.invalid("Invalid set literal for " + receiver.name() + " of type " + type.asCql());
    }

    private BoundTerm tuple(Term.TupleLiteral tuple, ResultColumn receiver) {
        if (tuple.elements().size() == 1 && !(receiver.type() instanceof TupleType)) {
            // (t) for anything but a tuple is t in parentheses, as in Cassandra: (1 + 2) * 3.
            return analyze(tuple.elements().get(0), receiver);
        }
        if (!(receiver.type() instanceof TupleType tupleType)) {
            throw CqlException.invalid("Invalid tuple type literal for " + receiver.name() + " of type "
                    + receiver.type().asCql());
        }
        if (tuple.elements().size() > tupleType.components().size()) {
            throw CqlException.invalid("Invalid tuple literal for " + receiver.name() + ": too many elements. Type "
                    + "frozen<" + tupleType.asCql() + "> expects " + tupleType.components().size() + " but got "
                    + tuple.elements().size());
        }
        List<BoundTerm> elements = new ArrayList<>();
        for (int i = 0; i < tuple.elements().size(); i++) {
            checkPart(tuple.elements().get(i), tupleType.components().get(i), receiver, "tuple", "component " + i);
            elements.add(analyze(tuple.elements().get(i),
                    element(receiver, "field " + i, tupleType.components().get(i))));
        }
        return composite(tupleType, elements, tupleType::pack);
    }

    /**
     * A tuple literal whose elements each have their own receiver: in a multi-column relation
     * {@code (a, b) = (?, ?)}, each marker is bound to its column, as Cassandra names it.
     */
    BoundTerm tuple(Term.TupleLiteral tuple, TupleType type, List<ResultColumn> elementReceivers) {
        List<BoundTerm> elements = new ArrayList<>(elementReceivers.size());
        for (int i = 0; i < elementReceivers.size(); i++) {
            elements.add(analyze(tuple.elements().get(i), elementReceivers.get(i)));
        }
        return composite(type, elements, type::pack);
    }

    private BoundTerm udt(Term.UdtLiteral udt, ResultColumn receiver) {
        if (!(receiver.type() instanceof UserType userType)) {
            throw CqlException.invalid("Invalid user type literal for " + receiver.name() + " of type "
                    + receiver.type().asCql());
        }
        BoundTerm[] fields = new BoundTerm[userType.fieldNames().size()];
        for (Term.UdtLiteral.Field field : udt.fields()) {
            int index = userType.fieldIndex(field.name());
            if (index < 0) {
                throw CqlException.invalid("Unknown field '" + field.name() + "' in value of user defined type "
                        + userType.name());
            }
            checkPart(field.value(), userType.fieldTypes().get(index), receiver, "user type", "field " + field.name());
            fields[index] = analyze(field.value(), element(receiver, field.name(), userType.fieldTypes().get(index)));
        }
        List<BoundTerm> elements = new ArrayList<>(fields.length);
        for (int i = 0; i < fields.length; i++) {
            elements.add(fields[i] == null ? BoundTerm.constant(userType.fieldTypes().get(i), null) : fields[i]);
        }
        return composite(userType, elements, userType::pack);
    }

    private BoundTerm function(Term.FunctionCall call, ResultColumn receiver) {
        if (call.function().name().equalsIgnoreCase("token")) {
            throw CqlException.invalid("The function token() is only allowed on the partition key in a WHERE clause");
        }
        if (NativeFunctions.isFromJson(call.function().name())) {
            return fromJson(call, receiver);
        }
        ScalarFunction function = resolve(call, receiver.type());
        if (!function.returnType().equals(receiver.type())
                && !(function.returnType() == NativeType.ASCII && receiver.type() == NativeType.TEXT)) {
            throw CqlException.invalid("Type error: cannot assign result of function " + function.signature()
                    + " (type " + function.returnType().asCql() + ") to " + receiver.name() + " (type "
                    + receiver.type().asCql() + ")");
        }
        List<BoundTerm> arguments = new ArrayList<>();
        for (int i = 0; i < call.arguments().size(); i++) {
            arguments.add(analyze(call.arguments().get(i), new ResultColumn(receiver.keyspace(), receiver.table(),
                    "arg" + i + "(system." + function.name() + ")", function.argumentTypes().get(i))));
        }
        return call(function, arguments);
    }

    /**
     * {@code fromJson(text)}: the JSON text decoded as the receiver's type, as {@code INSERT
     * JSON} decodes a column's value; JSON {@code null} is null. Text that does not decode is
     * a FUNCTION_FAILURE, as in Cassandra.
     */
    private BoundTerm fromJson(Term.FunctionCall call, ResultColumn receiver) {
        if (call.arguments().size() != 1) {
            throw CqlException.invalid("fromJson() only accepts one argument (got " + call.arguments().size() + ")");
        }
        CqlType type = receiver.type();
        BoundTerm json = analyze(call.arguments().get(0), new ResultColumn(receiver.keyspace(), receiver.table(),
                "arg0(system.fromjson)", NativeType.TEXT));
        ScalarFunction decode = new ScalarFunction("fromjson", List.of(NativeType.TEXT), type, (c, a) -> {
            String text = (String) NativeType.TEXT.compose(a.get(0));
            try {
                JsonNode node = Json.parse(text);
                if (node.isNull()) {
                    return null;
                }
                ByteBuffer value = type.fromJson(node);
                type.validate(value);
                return value;
            } catch (CqlException e) {
                throw new FunctionFailureException("system", "fromjson", List.of("text"),
                        "execution of 'system.fromjson[text]' failed: " + e.getMessage());
            }
        });
        return call(decode, List.of(json));
    }

    /** {@code function} applied to its bound arguments when the statement executes. */
    private static BoundTerm call(ScalarFunction function, List<BoundTerm> arguments) {
        return new BoundTerm() {
            @Override
            public CqlType type() {
                return function.returnType();
            }

            @Override
            public ByteBuffer bind(ExecutionContext context) {
                List<ByteBuffer> values = new ArrayList<>(arguments.size());
                for (BoundTerm argument : arguments) {
                    ByteBuffer value = argument.bind(context);
                    if (value == QueryOptions.UNSET) {
                        throw CqlException.invalid("Invalid unset value for argument in call to function "
                                + function.name());
                    }
                    values.add(value);
                }
                return function.execute(context, values);
            }
        };
    }

    /** The type a type hint names. */
    CqlType hintedType(CqlTypeSyntax syntax) {
        return CqlTypes.resolve(syntax, keyspace, userTypes);
    }

    /** The type a term has by itself (a function's return type, a type hint), or null. */
    private CqlType knownType(Term term) {
        if (term instanceof Term.TypeHint hint) {
            return CqlTypes.resolve(hint.type(), keyspace, userTypes);
        }
        if (term instanceof Term.FunctionCall call && NativeFunctions.isFromJson(call.function().name())) {
            return null;
        }
        if (term instanceof Term.FunctionCall || term instanceof Term.Arithmetic || term instanceof Term.Negation) {
            return resultType(term, null);
        }
        return null;
    }

    private BoundTerm typeHint(Term.TypeHint hint, ResultColumn receiver) {
        CqlType hinted = CqlTypes.resolve(hint.type(), keyspace, userTypes);
        if (!hinted.freeze().equals(receiver.type().freeze())) {
            throw CqlException.invalid("Cannot assign value of type " + hinted.asCql() + " to " + receiver.name()
                    + " of type " + receiver.type().asCql());
        }
        return analyze(hint.term(), receiver);
    }

    private static ResultColumn element(ResultColumn receiver, String part, CqlType type) {
        return new ResultColumn(receiver.keyspace(), receiver.table(), part + "(" + receiver.name() + ")", type);
    }

    private static List<ByteBuffer> nonNull(List<ByteBuffer> values, ResultColumn receiver) {
        for (ByteBuffer value : values) {
            if (value == null) {
                throw CqlException.invalid("null is not supported inside collections");
            }
            if (value == QueryOptions.UNSET) {
                throw CqlException.invalid("unset value is not supported inside collections");
            }
        }
        return values;
    }

    private interface Packer {
        ByteBuffer pack(List<ByteBuffer> values);
    }

    private static BoundTerm composite(CqlType type, List<BoundTerm> parts, Packer packer) {
        boolean constant = parts.stream().allMatch(BoundTerm::isConstant);
        if (constant) {
            List<ByteBuffer> values = new ArrayList<>(parts.size());
            for (BoundTerm part : parts) {
                values.add(part.bind(null));
            }
            return BoundTerm.constant(type, packer.pack(values));
        }
        return new BoundTerm() {
            @Override
            public CqlType type() {
                return type;
            }

            @Override
            public ByteBuffer bind(ExecutionContext context) {
                List<ByteBuffer> values = new ArrayList<>(parts.size());
                for (BoundTerm part : parts) {
                    ByteBuffer value = part.bind(context);
                    values.add(value == QueryOptions.UNSET ? null : value);
                }
                return packer.pack(values);
            }
        };
    }
}
