package io.cairn.cql.type;

import io.cairn.cql.ast.CqlTypeSyntax;

/** Builds types from what statements and the schema tables say. */
public final class CqlTypes {

    private CqlTypes() {
    }

    /**
     * Resolves a type as written in a statement of {@code keyspace}, with CQL's rules and
     * Cassandra's messages (as CqlException INVALID): user types must exist ("Unknown type
     * ks.t"), collections inside collections, tuples and UDTs are frozen, map keys and set
     * elements must not be duration or counter, {@code frozen<int>} is refused, etc. Tuples
     * are implicitly frozen; {@code varchar} is {@code text}.
     */
    public static CqlType resolve(CqlTypeSyntax syntax, String keyspace, UserTypeLookup userTypes) {
        throw new UnsupportedOperationException("pending");
    }

    /** Parses what {@link CqlType#asCql()} produced (as stored in system_schema), in {@code keyspace}. */
    public static CqlType parse(String cql, String keyspace, UserTypeLookup userTypes) {
        throw new UnsupportedOperationException("pending");
    }
}
