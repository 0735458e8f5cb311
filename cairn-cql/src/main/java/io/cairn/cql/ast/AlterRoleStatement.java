package io.cairn.cql.ast;

import java.util.Map;
import java.util.Objects;

/**
 * {@code ALTER ROLE [IF EXISTS] name WITH option = value AND ...}, and its older form
 * {@code ALTER USER name [WITH PASSWORD 'secret'] [SUPERUSER | NOSUPERUSER]}; the options are
 * those of {@link CreateRoleStatement}.
 */
public record AlterRoleStatement(String role, boolean ifExists, Map<String, OptionValue> options)
        implements Statement {

    public AlterRoleStatement {
        Objects.requireNonNull(role, "role");
        options = Options.copyOf(options);
    }
}
