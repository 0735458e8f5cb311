package io.cairn.node.query;

import io.cairn.common.time.TimeUuids;

import io.cairn.cql.ast.ArithmeticOperator;
import io.cairn.cql.ast.Term;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.VectorType;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The native scalar functions of CQL that Cairn has: time functions, conversions between
 * types and blobs, and time-UUID bounds. Immutable after construction; one instance serves
 * the node.
 */
public final class NativeFunctions {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final String TO_JSON = "tojson";
    private static final String FROM_JSON = "fromjson";
    private static final String SYSTEM = "system.";

    private final Map<String, List<ScalarFunction>> byName = new LinkedHashMap<>();

    public NativeFunctions() {
        add("now", List.of(), NativeType.TIMEUUID, (c, a) -> NativeType.TIMEUUID.decompose(c.newTimeUuid()));
        add("currenttimeuuid", List.of(), NativeType.TIMEUUID,
                (c, a) -> NativeType.TIMEUUID.decompose(c.newTimeUuid()));
        add("uuid", List.of(), NativeType.UUID, (c, a) -> NativeType.UUID.decompose(randomUuid(c)));
        add("currenttimestamp", List.of(), NativeType.TIMESTAMP,
                (c, a) -> NativeType.TIMESTAMP.decompose(Instant.ofEpochMilli(c.nowMillis())));
        add("currentdate", List.of(), NativeType.DATE,
                (c, a) -> NativeType.DATE.decompose(LocalDate.ofEpochDay(Math.floorDiv(c.nowMillis(), MILLIS_PER_DAY))));
        add("currenttime", List.of(), NativeType.TIME,
                (c, a) -> NativeType.TIME.decompose(Math.floorMod(c.nowMillis(), MILLIS_PER_DAY) * NANOS_PER_MILLI));

        add("totimestamp", List.of(NativeType.DATE), NativeType.TIMESTAMP,
                (c, a) -> timestamp(((LocalDate) NativeType.DATE.compose(a.get(0))).toEpochDay() * MILLIS_PER_DAY));
        add("totimestamp", List.of(NativeType.TIMEUUID), NativeType.TIMESTAMP,
                (c, a) -> timestamp(TimeUuids.epochMillis((UUID) NativeType.TIMEUUID.compose(a.get(0)))));
        add("todate", List.of(NativeType.TIMESTAMP), NativeType.DATE,
                (c, a) -> date(((Instant) NativeType.TIMESTAMP.compose(a.get(0))).toEpochMilli()));
        add("todate", List.of(NativeType.TIMEUUID), NativeType.DATE,
                (c, a) -> date(TimeUuids.epochMillis((UUID) NativeType.TIMEUUID.compose(a.get(0)))));
        add("tounixtimestamp", List.of(NativeType.TIMEUUID), NativeType.BIGINT,
                (c, a) -> NativeType.BIGINT.decompose(TimeUuids.epochMillis((UUID) NativeType.TIMEUUID.compose(a.get(0)))));
        add("tounixtimestamp", List.of(NativeType.DATE), NativeType.BIGINT,
                (c, a) -> NativeType.BIGINT.decompose(((LocalDate) NativeType.DATE.compose(a.get(0))).toEpochDay()
                        * MILLIS_PER_DAY));
        add("tounixtimestamp", List.of(NativeType.TIMESTAMP), NativeType.BIGINT,
                (c, a) -> NativeType.BIGINT.decompose(((Instant) NativeType.TIMESTAMP.compose(a.get(0))).toEpochMilli()));
        add("mintimeuuid", List.of(NativeType.TIMESTAMP), NativeType.TIMEUUID,
                (c, a) -> NativeType.TIMEUUID.decompose(TimeUuids.bound(
                        ((Instant) NativeType.TIMESTAMP.compose(a.get(0))).toEpochMilli(), false)));
        add("maxtimeuuid", List.of(NativeType.TIMESTAMP), NativeType.TIMEUUID,
                (c, a) -> NativeType.TIMEUUID.decompose(TimeUuids.bound(
                        ((Instant) NativeType.TIMESTAMP.compose(a.get(0))).toEpochMilli(), true)));
        for (NativeType type : NativeType.values()) {
            if (type != NativeType.BLOB) {
                addBlobConversions(type.asCql(), type);
            }
        }
        addBlobConversions("varchar", NativeType.TEXT);
        CastFunctions.forEach(this::add);
        Operators.forEach(this::add);
        MathFunctions.forEach(this::add);
    }

    /** {@code <type>AsBlob} and {@code blobAs<type>}, the type named as the functions name it. */
    private void addBlobConversions(String typeName, NativeType type) {
        add(typeName + "asblob", List.of(type), NativeType.BLOB, (c, a) -> a.get(0));
        String name = "blobas" + typeName;
        add(name, List.of(NativeType.BLOB), type, (c, a) -> {
            try {
                type.validate(a.get(0));
            } catch (CqlException e) {
                throw CqlException.invalid("In call to function system." + name + ", value "
                        + NativeType.BLOB.toCqlLiteral(a.get(0)) + " is not a valid binary representation for type "
                        + typeName);
            }
            return a.get(0);
        });
    }

    private void add(String name, List<CqlType> arguments, CqlType returnType, ScalarFunction.Body body) {
        byName.computeIfAbsent(name, n -> new ArrayList<>()).add(new ScalarFunction(name, arguments, returnType, body));
    }

    private static UUID randomUuid(ExecutionContext context) {
        // Random UUIDs for uuid(): derived from a fresh time UUID's unique bits, then made version 4.
        UUID seed = context.newTimeUuid();
        long msb = mix(seed.getMostSignificantBits() ^ seed.getLeastSignificantBits());
        long lsb = mix(msb ^ seed.getLeastSignificantBits());
        msb = msb & ~0xF000L | 0x4000L;
        lsb = lsb & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private static long mix(long z) {
        z = (z ^ z >>> 30) * 0xBF58476D1CE4E5B9L;
        z = (z ^ z >>> 27) * 0x94D049BB133111EBL;
        return z ^ z >>> 31;
    }

    private static ByteBuffer timestamp(long epochMillis) {
        return NativeType.TIMESTAMP.decompose(Instant.ofEpochMilli(epochMillis));
    }

    private static ByteBuffer date(long epochMillis) {
        return NativeType.DATE.decompose(Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate());
    }

    /** Whether {@code name} is fromJson, which only a receiver of known type can call. */
    static boolean isFromJson(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals(FROM_JSON) || lower.equals(SYSTEM + FROM_JSON);
    }

    /** Whether a function of this name exists (names are case-insensitive unless quoted). */
    public boolean exists(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return byName.containsKey(lower) || lower.equals(TO_JSON) || lower.equals(FROM_JSON)
                || CollectionFunctions.isCollectionFunction(lower) || VectorFunctions.isVectorFunction(lower);
    }

    /** {@code toJson(value)}: any type's value as the JSON text {@code SELECT JSON} gives it; "null" for null. */
    private static ScalarFunction toJson(String name, List<CqlType> argumentTypes) {
        if (argumentTypes.size() != 1) {
            throw CqlException.invalid("toJson() only accepts one argument (got " + argumentTypes.size() + ")");
        }
        CqlType type = argumentTypes.get(0);
        if (type == null) {
            throw CqlException.invalid("Cannot infer type of argument ? in call to function system.tojson(any): "
                    + "use type casts to disambiguate");
        }
        return new ScalarFunction(TO_JSON, List.of(type), NativeType.TEXT,
                (c, a) -> NativeType.TEXT.decompose(a.get(0) == null ? "null" : type.toJson(a.get(0))), true);
    }

    /**
     * The overload of {@code name} for these argument types; a null type is unknown (a bind
     * marker or a literal) and matches any overload whose other arguments match.
     *
     * @throws CqlException INVALID when there is no such function or the call is ambiguous
     */
    public ScalarFunction resolve(String name, List<CqlType> argumentTypes, CqlType expectedReturn) {
        return resolve(name, argumentTypes, null, expectedReturn);
    }

    /**
     * Resolves a call as Cassandra does: an argument fits a parameter of its own type exactly,
     * or weakly one whose values it can be read as ({@link ArgumentTypes}); an overload all of
     * whose arguments fit exactly wins, else the single overload they fit at all. A function
     * with one overload refuses an argument that does not fit, naming it ({@code argumentTexts},
     * the arguments as the statement wrote them, may be null).
     *
     * @throws CqlException INVALID when there is no such function or the call is ambiguous
     */
    public ScalarFunction resolve(String name, List<CqlType> argumentTypes, List<String> argumentTexts,
                                  CqlType expectedReturn) {
        return resolve(name, argumentTypes, argumentTexts, Collections.nCopies(argumentTypes.size(), null),
                expectedReturn);
    }

    /**
     * As {@link #resolve(String, List, List, CqlType)}, where the arguments that are constants
     * are given in {@code literals} (null for the others): a constant fits exactly the type it
     * prefers (an int for a small integer, ascii for an ASCII string) and weakly the types
     * that take its kind of constant.
     */
    public ScalarFunction resolve(String name, List<CqlType> argumentTypes, List<String> argumentTexts,
                                  List<Term.Literal> literals, CqlType expectedReturn) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals(TO_JSON)) {
            return toJson(name, argumentTypes);
        }
        if (isFromJson(lower)) {
            throw CqlException.invalid("fromjson() cannot be used in the selection clause of a SELECT statement");
        }
        String unqualified = lower.startsWith(SYSTEM) ? lower.substring(SYSTEM.length()) : lower;
        if (CollectionFunctions.isCollectionFunction(unqualified)) {
            return CollectionFunctions.resolve(unqualified, argumentTypes,
                    argumentTexts == null || argumentTexts.isEmpty() ? null : argumentTexts.get(0));
        }
        if (VectorFunctions.isVectorFunction(unqualified)) {
            return similarity(unqualified, argumentTypes);
        }
        List<ScalarFunction> overloads = byName.get(unqualified);
        if (overloads == null) {
            throw CqlException.invalid("Unknown function '" + name + "'");
        }
        if (overloads.size() == 1) {
            ScalarFunction only = overloads.get(0);
            if (only.argumentTypes().size() != argumentTypes.size()) {
                throw CqlException.invalid("Invalid number of arguments in call to function system." + only.name()
                        + ": " + only.argumentTypes().size() + " required but " + argumentTypes.size() + " provided");
            }
            for (int i = 0; i < argumentTypes.size(); i++) {
                CqlType given = argumentTypes.get(i);
                CqlType parameter = only.argumentTypes().get(i);
                Term.Literal literal = literals.get(i);
                if (literal != null ? ArgumentTypes.fit(parameter, literal) == ArgumentTypes.Fit.NONE
                        : given != null && !ArgumentTypes.isAssignable(parameter, given)) {
                    String text = argumentTexts != null ? argumentTexts.get(i)
                            : literal != null ? ArgumentTypes.display(literal) : given.asCql();
                    throw CqlException.invalid("Type error: " + text + " cannot be passed as argument " + i
                            + " of function system." + only.name() + " of type " + parameter.asCql());
                }
            }
            return only;
        }
        List<ScalarFunction> matching = new ArrayList<>();
        for (ScalarFunction candidate : overloads) {
            ArgumentTypes.Fit fit = fit(candidate, argumentTypes, literals);
            if (fit == ArgumentTypes.Fit.EXACT && (expectedReturn == null || candidate.returnType().equals(expectedReturn))) {
                return candidate;
            }
            if (fit != ArgumentTypes.Fit.NONE) {
                matching.add(candidate);
            }
        }
        if (matching.size() > 1 && expectedReturn != null) {
            matching.removeIf(f -> !f.returnType().equals(expectedReturn));
        }
        if (matching.size() == 1) {
            return matching.get(0);
        }
        if (matching.isEmpty()) {
            throw CqlException.invalid("Invalid call to function " + name + ", none of its type signatures match "
                    + "(known type signatures: " + signatures(overloads) + ")");
        }
        throw CqlException.invalid("Ambiguous call to function " + name + " (can be matched by following signatures: "
                + signatures(matching) + "): use type casts to disambiguate");
    }

    /**
     * Resolves an operator ({@link Operators}: a binary operation or {@code _negate}) as
     * Cassandra does: among the overloads whose result {@code receiver} (null in a selection)
     * can take, one all arguments fit exactly wins; else the single one they fit at all; else,
     * when the receiver is known and no argument is a bare bind marker, the one whose operands
     * are both of the receiver's type. An ambiguity asks for a type hint.
     *
     * @throws CqlException INVALID when no overload fits or several do
     */
    public ScalarFunction resolveOperation(String function, List<ArgumentTypes.Argument> arguments, CqlType receiver) {
        List<ScalarFunction> overloads = byName.get(function);
        if (overloads == null) {
            throw new IllegalArgumentException("Not an operator: " + function);
        }
        List<ScalarFunction> compatible = new ArrayList<>();
        for (ScalarFunction candidate : overloads) {
            if (receiver != null && !ArgumentTypes.isAssignable(receiver, candidate.returnType())) {
                continue;
            }
            ArgumentTypes.Fit fit = ArgumentTypes.Fit.EXACT;
            for (int i = 0; i < arguments.size() && fit != ArgumentTypes.Fit.NONE; i++) {
                ArgumentTypes.Fit argument = arguments.get(i).fit(candidate.argumentTypes().get(i));
                fit = argument == ArgumentTypes.Fit.EXACT ? fit : argument;
            }
            if (fit == ArgumentTypes.Fit.EXACT) {
                return candidate;
            }
            if (fit == ArgumentTypes.Fit.WEAK) {
                compatible.add(candidate);
            }
        }
        if (compatible.size() == 1) {
            return compatible.get(0);
        }
        ArithmeticOperator operator = Operators.operator(function);
        if (operator == null) {
            throw CqlException.invalid(compatible.isEmpty()
                    ? "Invalid call to function system." + function + ", none of its type signatures match (known "
                            + "type signatures: " + signatures(overloads) + ")"
                    : "Ambiguous negation: use type casts to disambiguate");
        }
        String left = arguments.get(0).text();
        String right = arguments.get(1).text();
        if (compatible.isEmpty()) {
            throw CqlException.invalid("the '" + operator.symbol() + "' operation is not supported between " + left
                    + " and " + right);
        }
        if (receiver != null && arguments.stream().noneMatch(ArgumentTypes.Argument::isMarker)) {
            for (ScalarFunction candidate : compatible) {
                if (candidate.argumentTypes().stream().allMatch(receiver::equals)) {
                    return candidate;
                }
            }
        }
        throw CqlException.invalid("Ambiguous '" + operator.symbol() + "' operation with args " + left + " and "
                + right + ": use type hint to disambiguate, example '(int) ?'");
    }

    /** A similarity function called with arguments of these types (see {@link VectorFunctions}). */
    private static ScalarFunction similarity(String name, List<CqlType> argumentTypes) {
        if (argumentTypes.size() != 2) {
            throw CqlException.invalid("Invalid number of arguments for function system." + name
                    + VectorFunctions.PARAMETERS);
        }
        VectorType type = null;
        for (CqlType given : argumentTypes) {
            if (given == null) {
                continue;
            }
            if (!(given instanceof VectorType vector) || vector.element() != NativeType.FLOAT) {
                throw CqlException.invalid("Function system." + name + " requires a float vector argument, but found "
                        + "argument of type " + given.asCql());
            }
            if (type != null && type.dimension() != vector.dimension()) {
                throw CqlException.invalid("All arguments must have the same vector dimensions");
            }
            type = vector;
        }
        if (type == null) {
            throw CqlException.invalid("Cannot infer type of argument ? in call to function system." + name
                    + VectorFunctions.PARAMETERS + ": use type casts to disambiguate");
        }
        return VectorFunctions.similarity(name, type);
    }

    private static ArgumentTypes.Fit fit(ScalarFunction candidate, List<CqlType> argumentTypes,
                                         List<Term.Literal> literals) {
        if (candidate.argumentTypes().size() != argumentTypes.size()) {
            return ArgumentTypes.Fit.NONE;
        }
        ArgumentTypes.Fit fit = ArgumentTypes.Fit.EXACT;
        for (int i = 0; i < argumentTypes.size(); i++) {
            CqlType parameter = candidate.argumentTypes().get(i);
            ArgumentTypes.Fit argument = literals.get(i) != null ? ArgumentTypes.fit(parameter, literals.get(i))
                    : ArgumentTypes.fit(parameter, argumentTypes.get(i));
            if (argument == ArgumentTypes.Fit.NONE) {
                return argument;
            }
            if (argument == ArgumentTypes.Fit.WEAK) {
                fit = argument;
            }
        }
        return fit;
    }

    private static String signatures(List<ScalarFunction> functions) {
        StringBuilder text = new StringBuilder();
        for (ScalarFunction function : functions) {
            // A name that is not a plain identifier is quoted, as _negate is.
            String name = function.name().startsWith("_") ? '"' + function.name() + '"' : function.name();
            text.append(text.length() == 0 ? "" : ", ").append("system.").append(name).append(" : (");
            for (int i = 0; i < function.argumentTypes().size(); i++) {
                text.append(i == 0 ? "" : ", ").append(function.argumentTypes().get(i).asCql());
            }
            text.append(") -> ").append(function.returnType().asCql());
        }
        return text.toString();
    }
}
