package io.cairn.cql.type;

/** Finds the user types a type expression names; the schema implements it. */
@FunctionalInterface
public interface UserTypeLookup {

    /** The user type {@code name} of {@code keyspace}, or null when there is none. */
    UserType find(String keyspace, String name);

    UserTypeLookup NONE = (keyspace, name) -> null;
}
