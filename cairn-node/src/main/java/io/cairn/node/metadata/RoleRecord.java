package io.cairn.node.metadata;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A role, as the cluster metadata log keeps it (Cassandra's {@code system_auth.roles} row): whether
 * it is a superuser, whether it may log in, its password's salted hash (bcrypt, or null for a role
 * without a password), and the roles granted to it.
 */
public record RoleRecord(String name, boolean superuser, boolean canLogin, String saltedHash, SortedSet<String> memberOf) {

    /** The longest role name (Cassandra has no limit; ours bounds the metadata log's entries). */
    public static final int MAX_NAME_LENGTH = 256;
    /** The longest salted hash: a bcrypt hash is 60 characters. */
    public static final int MAX_HASH_LENGTH = 128;
    /** The most roles granted to one role. */
    public static final int MAX_MEMBER_OF = 1_024;

    public RoleRecord {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("A role name has 1 to " + MAX_NAME_LENGTH + " characters, not "
                    + name.length());
        }
        if (saltedHash != null && (saltedHash.isEmpty() || saltedHash.length() > MAX_HASH_LENGTH)) {
            throw new IllegalArgumentException("A salted hash has 1 to " + MAX_HASH_LENGTH + " characters, not "
                    + saltedHash.length());
        }
        if (memberOf.size() > MAX_MEMBER_OF) {
            throw new IllegalArgumentException("Role " + name + " is granted " + memberOf.size() + " roles, more than "
                    + MAX_MEMBER_OF);
        }
        memberOf = Collections.unmodifiableSortedSet(new TreeSet<>(memberOf));
    }

    public RoleRecord withSuperuser(boolean value) {
        return new RoleRecord(name, value, canLogin, saltedHash, memberOf);
    }

    public RoleRecord withLogin(boolean value) {
        return new RoleRecord(name, superuser, value, saltedHash, memberOf);
    }

    public RoleRecord withSaltedHash(String value) {
        return new RoleRecord(name, superuser, canLogin, value, memberOf);
    }

    public RoleRecord withMemberOf(String role) {
        TreeSet<String> next = new TreeSet<>(memberOf);
        next.add(role);
        return new RoleRecord(name, superuser, canLogin, saltedHash, next);
    }

    public RoleRecord withoutMemberOf(String role) {
        TreeSet<String> next = new TreeSet<>(memberOf);
        next.remove(role);
        return new RoleRecord(name, superuser, canLogin, saltedHash, next);
    }

    /** Never prints the hash. */
    @Override
    public String toString() {
        return "RoleRecord{" + name + (superuser ? ", superuser" : "") + (canLogin ? ", login" : "")
                + (saltedHash == null ? "" : ", password") + (memberOf.isEmpty() ? "" : ", member of " + memberOf) + "}";
    }
}
