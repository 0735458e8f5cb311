package io.cairn.cql.ast;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code LIST permissions [ON resource] [OF role] [NORECURSIVE]}.
 *
 * @param permissions the permissions listed (every one for ALL)
 * @param resource    the resource whose permissions (and its parents') are listed, or null for every resource
 * @param of          the role whose permissions are listed, or null for every role's
 * @param recursive   whether the permissions of parent resources and of roles granted to {@code of}
 *                    count too (not NORECURSIVE)
 */
public record ListPermissionsStatement(Set<Permission> permissions, AuthResource resource, String of,
                                       boolean recursive) implements Statement {

    public ListPermissionsStatement {
        permissions = Collections.unmodifiableSet(permissions.isEmpty() ? EnumSet.noneOf(Permission.class)
                : EnumSet.copyOf(permissions));
    }
}
