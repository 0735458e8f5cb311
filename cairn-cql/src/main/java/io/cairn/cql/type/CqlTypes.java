package io.cairn.cql.type;

import io.cairn.cql.ast.CqlTypeSyntax;
import io.cairn.cql.ast.NativeTypeName;
import io.cairn.cql.error.CqlException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds types from what statements and the schema tables say. */
public final class CqlTypes {

    /** Nesting of type expressions accepted, as a bound on recursion. */
    public static final int MAX_NESTING = 32;

    private CqlTypes() {
    }

    /**
     * Resolves a type as written in a statement of {@code keyspace}, with CQL's rules and
     * Cassandra's messages (as CqlException INVALID): user types must exist, collections inside
     * collections, tuples and UDTs are frozen, map keys and set elements must not be duration or
     * counter, {@code frozen<int>} is refused. Tuples are implicitly frozen; {@code varchar} is
     * {@code text}.
     */
    public static CqlType resolve(CqlTypeSyntax syntax, String keyspace, UserTypeLookup userTypes) {
        return resolve(syntax, keyspace, userTypes, false, false, 0);
    }

    private static CqlType resolve(CqlTypeSyntax syntax, String keyspace, UserTypeLookup userTypes, boolean frozen,
                                   boolean inside, int depth) {
        if (depth > MAX_NESTING) {
            throw CqlException.invalid("Type nested more than " + MAX_NESTING + " levels deep");
        }
        if (syntax instanceof CqlTypeSyntax.NativeType nativeType) {
            if (frozen) {
                throw CqlException.invalid("frozen<> is only allowed on collections, tuples, and user-defined types "
                        + "(got " + nativeType.name().cqlName() + ")");
            }
            NativeTypeName name = nativeType.name();
            if (name == NativeTypeName.COUNTER && inside) {
                throw CqlException.invalid("Counters are not allowed inside collections: counter");
            }
            return NativeType.valueOf(name == NativeTypeName.VARCHAR ? "TEXT" : name.name());
        }
        if (syntax instanceof CqlTypeSyntax.FrozenType frozenType) {
            return resolve(frozenType.inner(), keyspace, userTypes, true, inside, depth + 1);
        }
        if (syntax instanceof CqlTypeSyntax.ListType list) {
            CqlType element = element(list.element(), keyspace, userTypes, depth,
                    shown("list<" + text(list.element()) + ">", frozen));
            return new ListType(element, frozen);
        }
        if (syntax instanceof CqlTypeSyntax.SetType set) {
            CqlType element = element(set.element(), keyspace, userTypes, depth,
                    shown("set<" + text(set.element()) + ">", frozen));
            if (element == NativeType.DURATION) {
                throw CqlException.invalid("Durations are not allowed inside sets: set<duration>");
            }
            return new SetType(element, frozen);
        }
        if (syntax instanceof CqlTypeSyntax.MapType map) {
            String display = shown("map<" + text(map.key()) + ", " + text(map.value()) + ">", frozen);
            CqlType key = element(map.key(), keyspace, userTypes, depth, display);
            if (key == NativeType.DURATION) {
                throw CqlException.invalid("Durations are not allowed as map keys: " + display);
            }
            CqlType value = element(map.value(), keyspace, userTypes, depth, display);
            return new MapType(key, value, frozen);
        }
        if (syntax instanceof CqlTypeSyntax.TupleType tuple) {
            List<CqlType> components = new ArrayList<>();
            for (CqlTypeSyntax component : tuple.elements()) {
                components.add(element(component, keyspace, userTypes, depth, "tuple<...>"));
            }
            return new TupleType(components);
        }
        if (syntax instanceof CqlTypeSyntax.UserType user) {
            String typeKeyspace = user.name().hasKeyspace() ? user.name().keyspace() : keyspace;
            if (user.name().hasKeyspace() && keyspace != null && !user.name().keyspace().equals(keyspace)) {
                throw CqlException.invalid("Statement on keyspace " + keyspace + " cannot refer to a user type in "
                        + "keyspace " + user.name().keyspace() + "; user types can only be used in the keyspace they "
                        + "are defined in");
            }
            UserType type = typeKeyspace == null ? null : userTypes.find(typeKeyspace, user.name().name());
            if (type == null) {
                throw CqlException.invalid("Unknown type " + (typeKeyspace == null ? "" : typeKeyspace + ".")
                        + user.name().name());
            }
            if (inside && !frozen) {
                throw CqlException.invalid("Non-frozen UDTs are not allowed inside collections: " + type.name());
            }
            return frozen ? type.freeze() : type;
        }
        if (syntax instanceof CqlTypeSyntax.VectorType vector) {
            if (frozen) {
                // A vector is always frozen; frozen<vector<...>> is the same type.
                return resolve(vector, keyspace, userTypes, false, inside, depth);
            }
            if (vector.dimension() <= 0) {
                throw CqlException.invalid("vectors may only have positive dimensions; given " + vector.dimension());
            }
            // As in Cassandra, the element is taken as written: a list<int> element stays list<int>
            // (and counters are allowed), though the vector holds it frozen.
            CqlType element = resolve(vector.element(), keyspace, userTypes, false, false, depth + 1);
            return new VectorType(element, vector.dimension());
        }
        throw CqlException.invalid("Custom types are not supported");
    }

    private static CqlType element(CqlTypeSyntax syntax, String keyspace, UserTypeLookup userTypes, int depth,
                                   String display) {
        boolean isCollection = syntax instanceof CqlTypeSyntax.ListType || syntax instanceof CqlTypeSyntax.SetType
                || syntax instanceof CqlTypeSyntax.MapType;
        if (isCollection) {
            throw CqlException.invalid("Non-frozen collections are not allowed inside collections: " + display);
        }
        if (syntax instanceof CqlTypeSyntax.NativeType n && n.name() == NativeTypeName.COUNTER) {
            throw CqlException.invalid("Counters are not allowed inside collections: " + display);
        }
        return resolve(syntax, keyspace, userTypes, false, true, depth + 1);
    }

    /** A collection's type as its error messages show it. */
    private static String shown(String collection, boolean frozen) {
        return frozen ? "frozen<" + collection + ">" : collection;
    }

    private static String text(CqlTypeSyntax syntax) {
        if (syntax instanceof CqlTypeSyntax.NativeType n) {
            return n.name().cqlName();
        }
        if (syntax instanceof CqlTypeSyntax.ListType l) {
            return "list<" + text(l.element()) + ">";
        }
        if (syntax instanceof CqlTypeSyntax.SetType s) {
            return "set<" + text(s.element()) + ">";
        }
        if (syntax instanceof CqlTypeSyntax.MapType m) {
            return "map<" + text(m.key()) + ", " + text(m.value()) + ">";
        }
        if (syntax instanceof CqlTypeSyntax.FrozenType f) {
            return "frozen<" + text(f.inner()) + ">";
        }
        if (syntax instanceof CqlTypeSyntax.UserType u) {
            return u.name().toString();
        }
        return "tuple<...>";
    }

    /** Parses what {@link CqlType#asCql()} produced (as stored in system_schema), in {@code keyspace}. */
    public static CqlType parse(String cql, String keyspace, UserTypeLookup userTypes) {
        Parser parser = new Parser(cql, keyspace, userTypes);
        CqlType type = parser.type(false, 0);
        parser.skipSpaces();
        if (parser.position != cql.length()) {
            throw CqlException.invalid("Invalid type '" + cql + "'");
        }
        return type;
    }

    /** An identifier as CQL writes it: quoted unless lower-case alphanumeric. */
    static String quote(String name) {
        if (name.matches("[a-z][a-z0-9_]*")) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static final class Parser {
        private final String text;
        private final String keyspace;
        private final UserTypeLookup userTypes;
        private int position;

        Parser(String text, String keyspace, UserTypeLookup userTypes) {
            this.text = text;
            this.keyspace = keyspace;
            this.userTypes = userTypes;
        }

        void skipSpaces() {
            while (position < text.length() && text.charAt(position) == ' ') {
                position++;
            }
        }

        private void expect(char c) {
            skipSpaces();
            if (position >= text.length() || text.charAt(position) != c) {
                throw CqlException.invalid("Invalid type '" + text + "': expected '" + c + "' at " + position);
            }
            position++;
        }

        private String name() {
            skipSpaces();
            if (position < text.length() && text.charAt(position) == '"') {
                StringBuilder name = new StringBuilder();
                position++;
                while (position < text.length()) {
                    char c = text.charAt(position++);
                    if (c == '"') {
                        if (position < text.length() && text.charAt(position) == '"') {
                            name.append('"');
                            position++;
                            continue;
                        }
                        return name.toString();
                    }
                    name.append(c);
                }
                throw CqlException.invalid("Invalid type '" + text + "': unterminated name");
            }
            int start = position;
            while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position))
                    || text.charAt(position) == '_')) {
                position++;
            }
            if (start == position) {
                throw CqlException.invalid("Invalid type '" + text + "'");
            }
            return text.substring(start, position).toLowerCase(Locale.ROOT);
        }

        private int number() {
            skipSpaces();
            int start = position;
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
            try {
                return Integer.parseInt(text.substring(start, position));
            } catch (NumberFormatException e) {
                throw CqlException.invalid("Invalid type '" + text + "': expected a dimension at " + start);
            }
        }

        CqlType type(boolean frozen, int depth) {
            if (depth > MAX_NESTING) {
                throw CqlException.invalid("Type nested more than " + MAX_NESTING + " levels deep");
            }
            skipSpaces();
            boolean quoted = position < text.length() && text.charAt(position) == '"';
            String name = name();
            if (!quoted) {
                switch (name) {
                    case "frozen": {
                        expect('<');
                        CqlType inner = type(true, depth + 1);
                        expect('>');
                        return inner.freeze();
                    }
                    case "list": {
                        expect('<');
                        CqlType element = type(false, depth + 1);
                        expect('>');
                        return new ListType(element, frozen);
                    }
                    case "set": {
                        expect('<');
                        CqlType element = type(false, depth + 1);
                        expect('>');
                        return new SetType(element, frozen);
                    }
                    case "map": {
                        expect('<');
                        CqlType key = type(false, depth + 1);
                        expect(',');
                        CqlType value = type(false, depth + 1);
                        expect('>');
                        return new MapType(key, value, frozen);
                    }
                    case "tuple": {
                        expect('<');
                        List<CqlType> components = new ArrayList<>();
                        components.add(type(false, depth + 1));
                        skipSpaces();
                        while (position < text.length() && text.charAt(position) == ',') {
                            position++;
                            components.add(type(false, depth + 1));
                            skipSpaces();
                        }
                        expect('>');
                        return new TupleType(components);
                    }
                    case "vector": {
                        expect('<');
                        CqlType element = type(false, depth + 1);
                        expect(',');
                        int dimension = number();
                        expect('>');
                        return new VectorType(element, dimension);
                    }
                    case "varchar":
                        return NativeType.TEXT;
                    default:
                        for (NativeType nativeType : NativeType.values()) {
                            if (nativeType.asCql().equals(name)) {
                                return nativeType;
                            }
                        }
                }
            }
            UserType type = userTypes.find(keyspace, name);
            if (type == null) {
                throw CqlException.invalid("Unknown type " + keyspace + "." + name);
            }
            return frozen ? type.freeze() : type;
        }
    }
}
