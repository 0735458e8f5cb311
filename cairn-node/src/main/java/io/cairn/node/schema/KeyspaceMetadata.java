package io.cairn.node.schema;

import io.cairn.cql.type.UserType;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A keyspace: its replication, its tables and its user types. Immutable.
 *
 * @param replication the replication map as {@code system_schema.keyspaces} stores it, with
 *                    the full strategy class name under {@code class}
 */
public record KeyspaceMetadata(String name, boolean durableWrites, Map<String, String> replication,
                               Map<String, TableMetadata> tables, Map<String, UserType> types) {

    public KeyspaceMetadata {
        Objects.requireNonNull(name, "name");
        replication = Collections.unmodifiableMap(new TreeMap<>(replication));
        tables = Collections.unmodifiableMap(new TreeMap<>(tables));
        types = Collections.unmodifiableMap(new TreeMap<>(types));
    }

    /**
     * The replication factor: of {@code dataCenter}, or in total when it is null. For
     * SimpleStrategy it is the one factor whatever the data center.
     */
    public int replicationFactor(String dataCenter) {
        String strategy = replication.getOrDefault("class", "");
        if (strategy.endsWith("SimpleStrategy")) {
            return Integer.parseInt(replication.getOrDefault("replication_factor", "1").trim());
        }
        int total = 0;
        for (Map.Entry<String, String> entry : replication.entrySet()) {
            if (entry.getKey().equals("class")) {
                continue;
            }
            if (dataCenter == null || entry.getKey().equals(dataCenter)) {
                total += Integer.parseInt(entry.getValue().trim());
            }
        }
        return total;
    }

    /** The table that has the secondary index {@code index} (index names are unique in a keyspace), or null. */
    public TableMetadata tableOfIndex(String index) {
        for (TableMetadata table : tables.values()) {
            if (table.indexes().containsKey(index)) {
                return table;
            }
        }
        return null;
    }

    public KeyspaceMetadata withTable(TableMetadata table) {
        Map<String, TableMetadata> copy = new TreeMap<>(tables);
        copy.put(table.name(), table);
        return new KeyspaceMetadata(name, durableWrites, replication, copy, types);
    }

    public KeyspaceMetadata withoutTable(String table) {
        Map<String, TableMetadata> copy = new TreeMap<>(tables);
        copy.remove(table);
        return new KeyspaceMetadata(name, durableWrites, replication, copy, types);
    }

    public KeyspaceMetadata withType(UserType type) {
        Map<String, UserType> copy = new TreeMap<>(types);
        copy.put(type.name(), type);
        return new KeyspaceMetadata(name, durableWrites, replication, tables, copy);
    }

    public KeyspaceMetadata withoutType(String type) {
        Map<String, UserType> copy = new TreeMap<>(types);
        copy.remove(type);
        return new KeyspaceMetadata(name, durableWrites, replication, tables, copy);
    }

    public KeyspaceMetadata withParams(boolean newDurableWrites, Map<String, String> newReplication) {
        return new KeyspaceMetadata(name, newDurableWrites, newReplication, tables, types);
    }
}
