package io.cairn.cql.ast;

import java.util.Map;
import java.util.Objects;

/**
 * {@code CREATE ROLE [IF NOT EXISTS] name [WITH option = value AND ...]}, and its older form
 * {@code CREATE USER [IF NOT EXISTS] name [WITH PASSWORD 'secret'] [SUPERUSER | NOSUPERUSER]}
 * (a user can always log in: {@code login = true}).
 *
 * @param options by canonical name, in the order written: {@code password}, {@code login},
 *                {@code superuser}, {@code options}, or any other name, which the executor refuses
 */
public record CreateRoleStatement(String role, boolean ifNotExists, Map<String, OptionValue> options)
        implements Statement {

    public CreateRoleStatement {
        Objects.requireNonNull(role, "role");
        options = Options.copyOf(options);
    }
}
