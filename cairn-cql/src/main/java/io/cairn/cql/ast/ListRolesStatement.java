package io.cairn.cql.ast;

/**
 * {@code LIST ROLES [OF name] [NORECURSIVE]}, or {@code LIST USERS} (the roles that can log in,
 * in the older result layout).
 *
 * @param of        the role whose granted roles are listed, or null for every role
 * @param recursive whether roles granted through other roles are listed too (not NORECURSIVE)
 * @param users     LIST USERS
 */
public record ListRolesStatement(String of, boolean recursive, boolean users) implements Statement {
}
