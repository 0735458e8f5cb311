package io.cairn.cql.ast;

import java.util.Locale;

/**
 * What a role may be granted on a resource, with Cassandra's names. Which apply to which kind of
 * resource: {@link AuthResource#applicable()}.
 */
public enum Permission {
    CREATE, ALTER, DROP, SELECT, MODIFY, AUTHORIZE, DESCRIBE, EXECUTE, UNMASK, SELECT_MASKED;

    /** The permission named {@code word} in any case, or null. */
    public static Permission named(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        for (Permission permission : values()) {
            if (permission.name().equals(upper)) {
                return permission;
            }
        }
        return null;
    }
}
