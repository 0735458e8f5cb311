package io.cairn.cql.ast;

import java.util.Objects;

/**
 * A name that may be qualified by a keyspace: a table, user type, index or function.
 * Both parts are canonical: unquoted identifiers are folded to lower case, quoted ones kept
 * as written (without the quotes).
 *
 * @param keyspace the keyspace as written before the dot, or {@code null} when the name is
 *                 unqualified (the session's keyspace applies)
 * @param name     the name itself
 */
public record QualifiedName(String keyspace, String name) {

    public QualifiedName {
        Objects.requireNonNull(name, "name");
    }

    /** An unqualified name. */
    public static QualifiedName of(String name) {
        return new QualifiedName(null, name);
    }

    public static QualifiedName of(String keyspace, String name) {
        return new QualifiedName(keyspace, name);
    }

    public boolean hasKeyspace() {
        return keyspace != null;
    }

    @Override
    public String toString() {
        return keyspace == null ? name : keyspace + "." + name;
    }
}
