package io.cairn.cql.ast;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * {@code GRANT permissions ON resource TO role} or {@code REVOKE permissions ON resource FROM role}.
 *
 * @param grant       GRANT, not REVOKE
 * @param permissions the permissions written; for ALL [PERMISSIONS], every one that applies to the resource
 * @param resource    what they are granted on
 * @param role        the role that gains or loses them
 */
public record GrantPermissionsStatement(boolean grant, Set<Permission> permissions, AuthResource resource, String role)
        implements Statement {

    public GrantPermissionsStatement {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(role, "role");
        if (permissions.isEmpty()) {
            throw new IllegalArgumentException("No permission to grant or revoke");
        }
        permissions = Collections.unmodifiableSet(EnumSet.copyOf(permissions));
    }
}
