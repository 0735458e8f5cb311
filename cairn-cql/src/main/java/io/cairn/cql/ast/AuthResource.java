package io.cairn.cql.ast;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What permissions are granted on, as Cassandra names it: all keyspaces, a keyspace or a table
 * (data), all roles or a role. Data and roles each form a hierarchy: a permission on a parent
 * holds on what is under it (a keyspace's tables, every role).
 *
 * @param kind     which of the five
 * @param keyspace the keyspace of a KEYSPACE or TABLE; for a TABLE written without one, null until
 *                 the session's keyspace {@linkplain #qualified qualifies} it
 * @param name     the table of a TABLE, the role of a ROLE, otherwise null
 */
public record AuthResource(Kind kind, String keyspace, String name) {

    /** The kinds of resource, each with the permissions that apply to it. */
    public enum Kind {
        ALL_KEYSPACES(EnumSet.of(Permission.CREATE, Permission.ALTER, Permission.DROP, Permission.SELECT,
                Permission.MODIFY, Permission.AUTHORIZE, Permission.UNMASK, Permission.SELECT_MASKED)),
        KEYSPACE(EnumSet.of(Permission.CREATE, Permission.ALTER, Permission.DROP, Permission.SELECT,
                Permission.MODIFY, Permission.AUTHORIZE, Permission.UNMASK, Permission.SELECT_MASKED)),
        TABLE(EnumSet.of(Permission.ALTER, Permission.DROP, Permission.SELECT, Permission.MODIFY,
                Permission.AUTHORIZE, Permission.UNMASK, Permission.SELECT_MASKED)),
        ALL_ROLES(EnumSet.of(Permission.CREATE, Permission.ALTER, Permission.DROP, Permission.AUTHORIZE,
                Permission.DESCRIBE)),
        ROLE(EnumSet.of(Permission.ALTER, Permission.DROP, Permission.AUTHORIZE, Permission.DESCRIBE));

        private final Set<Permission> applicable;

        Kind(EnumSet<Permission> applicable) {
            this.applicable = Collections.unmodifiableSet(applicable);
        }
    }

    public static final AuthResource ALL_KEYSPACES = new AuthResource(Kind.ALL_KEYSPACES, null, null);
    public static final AuthResource ALL_ROLES = new AuthResource(Kind.ALL_ROLES, null, null);

    public AuthResource {
        Objects.requireNonNull(kind, "kind");
        boolean hasKeyspace = kind == Kind.KEYSPACE || kind == Kind.TABLE;
        boolean hasName = kind == Kind.TABLE || kind == Kind.ROLE;
        if ((kind == Kind.KEYSPACE && keyspace == null) || (!hasKeyspace && keyspace != null)
                || hasName != (name != null)) {
            throw new IllegalArgumentException("A resource of kind " + kind + " cannot name keyspace " + keyspace
                    + " and " + name);
        }
    }

    public static AuthResource keyspace(String keyspace) {
        return new AuthResource(Kind.KEYSPACE, Objects.requireNonNull(keyspace, "keyspace"), null);
    }

    public static AuthResource table(String keyspace, String table) {
        return new AuthResource(Kind.TABLE, keyspace, Objects.requireNonNull(table, "table"));
    }

    public static AuthResource role(String role) {
        return new AuthResource(Kind.ROLE, null, Objects.requireNonNull(role, "role"));
    }

    /** The permissions that may be granted on this resource (GRANT ALL grants these). */
    public Set<Permission> applicable() {
        return kind.applicable;
    }

    /** Whether this is a TABLE written without its keyspace. */
    public boolean needsKeyspace() {
        return kind == Kind.TABLE && keyspace == null;
    }

    /** This resource, a table without a keyspace taking {@code sessionKeyspace}. */
    public AuthResource qualified(String sessionKeyspace) {
        return needsKeyspace() ? table(sessionKeyspace, name) : this;
    }

    /** The resource above this one (a table's keyspace, a keyspace's all keyspaces), or null at the top. */
    public AuthResource parent() {
        return switch (kind) {
            case ALL_KEYSPACES, ALL_ROLES -> null;
            case KEYSPACE -> ALL_KEYSPACES;
            case TABLE -> keyspace(keyspace);
            case ROLE -> ALL_ROLES;
        };
    }

    /**
     * The stable name permissions are kept under, as Cassandra's: {@code data}, {@code data/ks},
     * {@code data/ks/table}, {@code roles}, {@code roles/name}.
     */
    public String key() {
        if (needsKeyspace()) {
            throw new IllegalStateException("Table " + name + " has no keyspace yet");
        }
        return switch (kind) {
            case ALL_KEYSPACES -> "data";
            case KEYSPACE -> "data/" + keyspace;
            case TABLE -> "data/" + keyspace + "/" + name;
            case ALL_ROLES -> "roles";
            case ROLE -> "roles/" + name;
        };
    }

    /** The resource kept under {@code key} ({@link #key}), or null for a key that names none. */
    public static AuthResource ofKey(String key) {
        if (key.equals("data")) {
            return ALL_KEYSPACES;
        }
        if (key.equals("roles")) {
            return ALL_ROLES;
        }
        if (key.startsWith("roles/") && key.length() > "roles/".length()) {
            return role(key.substring("roles/".length()));
        }
        if (key.startsWith("data/")) {
            String rest = key.substring("data/".length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                return rest.isEmpty() ? null : keyspace(rest);
            }
            String keyspace = rest.substring(0, slash);
            String table = rest.substring(slash + 1);
            return keyspace.isEmpty() || table.isEmpty() || table.indexOf('/') >= 0 ? null : table(keyspace, table);
        }
        return null;
    }

    /** As Cassandra shows it: {@code <all keyspaces>}, {@code <keyspace ks>}, {@code <table ks.t>}, ... */
    @Override
    public String toString() {
        return switch (kind) {
            case ALL_KEYSPACES -> "<all keyspaces>";
            case KEYSPACE -> "<keyspace " + keyspace + ">";
            case TABLE -> "<table " + (keyspace == null ? "" : keyspace + ".") + name + ">";
            case ALL_ROLES -> "<all roles>";
            case ROLE -> "<role " + name + ">";
        };
    }
}
