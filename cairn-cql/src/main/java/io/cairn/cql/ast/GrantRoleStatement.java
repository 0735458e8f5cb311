package io.cairn.cql.ast;

import java.util.Objects;

/**
 * {@code GRANT role TO grantee} or {@code REVOKE role FROM grantee}: {@code grantee} gains (or
 * loses) {@code role}, with its permissions and superuser status.
 */
public record GrantRoleStatement(boolean grant, String role, String grantee) implements Statement {

    public GrantRoleStatement {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(grantee, "grantee");
    }
}
