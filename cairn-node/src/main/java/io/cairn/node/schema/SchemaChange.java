package io.cairn.node.schema;

import java.util.List;
import java.util.Objects;

/**
 * A schema change as results and SCHEMA_CHANGE events report it.
 *
 * @param name      the table or type; null for a keyspace change
 */
public record SchemaChange(Change change, Target target, String keyspace, String name, List<String> argumentTypes) {

    public enum Change { CREATED, UPDATED, DROPPED }

    public enum Target { KEYSPACE, TABLE, TYPE, FUNCTION, AGGREGATE }

    public SchemaChange {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(keyspace, "keyspace");
        argumentTypes = argumentTypes == null ? List.of() : List.copyOf(argumentTypes);
    }

    public static SchemaChange keyspace(Change change, String keyspace) {
        return new SchemaChange(change, Target.KEYSPACE, keyspace, null, null);
    }

    public static SchemaChange table(Change change, String keyspace, String table) {
        return new SchemaChange(change, Target.TABLE, keyspace, table, null);
    }

    public static SchemaChange type(Change change, String keyspace, String type) {
        return new SchemaChange(change, Target.TYPE, keyspace, type, null);
    }
}
