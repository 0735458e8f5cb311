package io.cairn.cql.ast;

import java.util.Objects;

/** {@code DROP ROLE [IF EXISTS] name}, or {@code DROP USER [IF EXISTS] name}. */
public record DropRoleStatement(String role, boolean ifExists) implements Statement {

    public DropRoleStatement {
        Objects.requireNonNull(role, "role");
    }
}
