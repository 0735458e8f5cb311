package io.cairn.cql.ast;

import java.util.List;
import java.util.Objects;

/**
 * A type as written in a statement, before resolution: user type names are not looked up,
 * and nothing checks that a map key is frozen or a counter stands alone. The type system
 * resolves this into real types and codecs.
 */
public sealed interface CqlTypeSyntax {

    /** {@code int}, {@code text}, ... */
    record NativeType(NativeTypeName name) implements CqlTypeSyntax {

        public NativeType {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code list<element>}. */
    record ListType(CqlTypeSyntax element) implements CqlTypeSyntax {

        public ListType {
            Objects.requireNonNull(element, "element");
        }
    }

    /** {@code set<element>}. */
    record SetType(CqlTypeSyntax element) implements CqlTypeSyntax {

        public SetType {
            Objects.requireNonNull(element, "element");
        }
    }

    /** {@code map<key, value>}. */
    record MapType(CqlTypeSyntax key, CqlTypeSyntax value) implements CqlTypeSyntax {

        public MapType {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code tuple<t1, t2, ...>}. */
    record TupleType(List<CqlTypeSyntax> elements) implements CqlTypeSyntax {

        public TupleType {
            elements = List.copyOf(elements);
        }
    }

    /** {@code vector<element, dimension>} (Cassandra 5.0). */
    record VectorType(CqlTypeSyntax element, int dimension) implements CqlTypeSyntax {

        public VectorType {
            Objects.requireNonNull(element, "element");
        }
    }

    /** {@code frozen<inner>}. */
    record FrozenType(CqlTypeSyntax inner) implements CqlTypeSyntax {

        public FrozenType {
            Objects.requireNonNull(inner, "inner");
        }
    }

    /** A user-defined type's name, optionally qualified by its keyspace. */
    record UserType(QualifiedName name) implements CqlTypeSyntax {

        public UserType {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A custom type given by its Java class name, as a string literal. */
    record CustomType(String className) implements CqlTypeSyntax {

        public CustomType {
            Objects.requireNonNull(className, "className");
        }
    }
}
