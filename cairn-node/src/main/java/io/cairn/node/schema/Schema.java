package io.cairn.node.schema;

import io.cairn.cql.type.UserType;
import io.cairn.cql.type.UserTypeLookup;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One immutable version of the whole schema: every keyspace with its tables and types, and
 * the version id that {@code system.local.schema_version} reports (a digest of the content,
 * so nodes with the same schema agree).
 */
public record Schema(Map<String, KeyspaceMetadata> keyspaces, UUID version) implements UserTypeLookup {

    public Schema {
        keyspaces = Collections.unmodifiableMap(new TreeMap<>(keyspaces));
        Objects.requireNonNull(version, "version");
    }

    /** The schema of these keyspaces, its version the digest of their content. */
    public static Schema of(Map<String, KeyspaceMetadata> keyspaces) {
        return new Schema(keyspaces, SchemaTables.version(keyspaces.values()));
    }

    public KeyspaceMetadata keyspace(String name) {
        return keyspaces.get(name);
    }

    /** The table, or null when the keyspace or the table does not exist. */
    public TableMetadata table(String keyspace, String table) {
        KeyspaceMetadata metadata = keyspaces.get(keyspace);
        return metadata == null ? null : metadata.tables().get(table);
    }

    @Override
    public UserType find(String keyspace, String name) {
        KeyspaceMetadata metadata = keyspaces.get(keyspace);
        return metadata == null ? null : metadata.types().get(name);
    }
}
