package io.cairn.cql.ast;

import java.util.Objects;

/**
 * A statement of valid CQL that Cairn does not implement yet (materialized views, functions,
 * aggregates, roles and permissions, triggers, DESCRIBE), recognised by its leading keywords
 * only so that the executor can answer "not supported" rather than a syntax error.
 *
 * @param kind the statement's kind in upper case, e.g. {@code "CREATE MATERIALIZED VIEW"},
 *             {@code "GRANT"}, {@code "LIST ROLES"}, {@code "DESCRIBE"}
 */
public record UnsupportedStatement(String kind) implements Statement {

    public UnsupportedStatement {
        Objects.requireNonNull(kind, "kind");
    }
}
