package io.cairn.node.schema;

import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.SetType;
import io.cairn.cql.type.TupleType;
import io.cairn.cql.type.UserType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CQL that creates a keyspace, table or user type, as Cassandra 5.0's DESCRIBE writes it:
 * the same layout, column order (key columns, then static and regular columns by name), and
 * every table option with its value, so that the text can be run again to recreate the schema.
 */
public final class SchemaDescriber {

    private static final String INDENT = "    ";
    private static final String STRATEGY_PACKAGE = "org.apache.cassandra.locator.";

    /** Schema elements are listed by name, case aside, as Cassandra lists them. */
    public static final Comparator<String> NAME_ORDER = String.CASE_INSENSITIVE_ORDER.thenComparing(
            Comparator.naturalOrder());

    private SchemaDescriber() {
    }

    public static String keyspace(KeyspaceMetadata keyspace) {
        StringBuilder replication = new StringBuilder("{");
        String strategy = keyspace.replication().getOrDefault("class", "");
        replication.append("'class': ").append(literal(strategy.startsWith(STRATEGY_PACKAGE)
                ? strategy.substring(STRATEGY_PACKAGE.length()) : strategy));
        for (Map.Entry<String, String> option : keyspace.replication().entrySet()) {
            if (!option.getKey().equals("class")) {
                replication.append(", ").append(literal(option.getKey())).append(": ")
                        .append(literal(option.getValue()));
            }
        }
        replication.append('}');
        return "CREATE KEYSPACE " + CqlNames.quoteIfNeeded(keyspace.name()) + " WITH replication = " + replication
                + "  AND durable_writes = " + keyspace.durableWrites() + ";";
    }

    public static String type(UserType type) {
        StringBuilder cql = new StringBuilder("CREATE TYPE ").append(CqlNames.quoteIfNeeded(type.keyspace()))
                .append('.').append(CqlNames.quoteIfNeeded(type.name())).append(" (\n");
        for (int i = 0; i < type.fieldNames().size(); i++) {
            cql.append(INDENT).append(CqlNames.quoteIfNeeded(type.fieldNames().get(i))).append(' ')
                    .append(type.fieldTypes().get(i).asCql()).append(i + 1 < type.fieldNames().size() ? ",\n" : "\n");
        }
        return cql.append(");").toString();
    }

    /**
     * The CREATE INDEX statement of one index of {@code table}, as Cassandra 5.0 writes it: a
     * storage-attached index as CUSTOM, with its class as it was given and its other options.
     */
    public static String index(TableMetadata table, IndexMetadata index) {
        StringBuilder cql = new StringBuilder(index.kind() == IndexMetadata.Kind.CUSTOM ? "CREATE CUSTOM INDEX "
                : "CREATE INDEX ").append(CqlNames.quoteIfNeeded(index.name())).append(" ON ")
                .append(CqlNames.quoteIfNeeded(table.keyspace())).append('.')
                .append(CqlNames.quoteIfNeeded(table.name())).append(" (").append(index.options().get("target"))
                .append(')');
        if (index.kind() == IndexMetadata.Kind.CUSTOM) {
            cql.append(" USING ").append(literal(index.options().get("class_name")));
            if (!index.userOptions().isEmpty()) {
                cql.append(" WITH OPTIONS = ").append(map(index.userOptions()));
            }
        }
        return cql.append(';').toString();
    }

    public static String table(TableMetadata table) {
        StringBuilder cql = new StringBuilder("CREATE TABLE ").append(CqlNames.quoteIfNeeded(table.keyspace()))
                .append('.').append(CqlNames.quoteIfNeeded(table.name())).append(" (\n");
        boolean inlineKey = table.partitionKey().size() == 1 && table.clustering().isEmpty();
        List<ColumnMetadata> columns = new ArrayList<>(table.partitionKey());
        columns.addAll(table.clustering());
        columns.addAll(byName(table.statics()));
        columns.addAll(byName(table.regulars()));
        for (int i = 0; i < columns.size(); i++) {
            ColumnMetadata column = columns.get(i);
            cql.append(INDENT).append(CqlNames.quoteIfNeeded(column.name())).append(' ').append(column.type().asCql());
            if (column.isStatic()) {
                cql.append(" static");
            }
            if (inlineKey && column.kind() == ColumnKind.PARTITION_KEY) {
                cql.append(" PRIMARY KEY");
            }
            cql.append(i + 1 < columns.size() || !inlineKey ? ",\n" : "\n");
        }
        if (!inlineKey) {
            List<String> partitionKey = table.partitionKey().stream().map(c -> CqlNames.quoteIfNeeded(c.name()))
                    .toList();
            String partition = partitionKey.size() == 1 ? partitionKey.get(0)
                    : "(" + String.join(", ", partitionKey) + ")";
            List<String> key = new ArrayList<>(List.of(partition));
            table.clustering().forEach(c -> key.add(CqlNames.quoteIfNeeded(c.name())));
            cql.append(INDENT).append("PRIMARY KEY (").append(String.join(", ", key)).append(")\n");
        }
        cql.append(") WITH ");
        if (!table.clustering().isEmpty()) {
            List<String> order = table.clustering().stream()
                    .map(c -> CqlNames.quoteIfNeeded(c.name()) + (c.isDescending() ? " DESC" : " ASC")).toList();
            cql.append("CLUSTERING ORDER BY (").append(String.join(", ", order)).append(")\n").append(INDENT)
                    .append("AND ");
        }
        TableParams p = table.params();
        List<String> options = List.of(
                "additional_write_policy = " + literal(p.additionalWritePolicy()),
                "allow_auto_snapshot = " + p.allowAutoSnapshot(),
                "bloom_filter_fp_chance = " + p.bloomFilterFpChance(),
                "caching = " + map(p.caching()),
                "cdc = " + p.cdc(),
                "comment = " + literal(p.comment()),
                "compaction = " + map(p.compaction()),
                "compression = " + map(p.compression()),
                "memtable = 'default'",
                "crc_check_chance = " + p.crcCheckChance(),
                "default_time_to_live = " + p.defaultTimeToLiveSeconds(),
                "extensions = {}",
                "gc_grace_seconds = " + p.gcGraceSeconds(),
                "incremental_backups = " + p.incrementalBackups(),
                "max_index_interval = " + p.maxIndexInterval(),
                "memtable_flush_period_in_ms = " + p.memtableFlushPeriodMillis(),
                "min_index_interval = " + p.minIndexInterval(),
                "read_repair = " + literal(p.readRepair()),
                "speculative_retry = " + literal(p.speculativeRetry()));
        cql.append(String.join("\n" + INDENT + "AND ", options));
        return cql.append(';').toString();
    }

    /**
     * A keyspace's user types in an order that creates each after the types it uses: by name
     * (as the schema tables order them, capitals first), each type's own dependencies first.
     */
    public static List<UserType> typesInCreationOrder(KeyspaceMetadata keyspace) {
        Set<UserType> ordered = new LinkedHashSet<>();
        for (UserType type : new java.util.TreeMap<>(keyspace.types()).values()) {
            addWithDependencies(keyspace, type, ordered, 0);
        }
        return List.copyOf(ordered);
    }

    private static void addWithDependencies(KeyspaceMetadata keyspace, UserType type, Set<UserType> ordered,
                                            int depth) {
        if (ordered.contains(type) || depth > keyspace.types().size()) {
            return;
        }
        for (CqlType field : type.fieldTypes()) {
            for (String used : usedTypes(field)) {
                UserType dependency = keyspace.types().get(used);
                if (dependency != null && !dependency.name().equals(type.name())) {
                    addWithDependencies(keyspace, dependency, ordered, depth + 1);
                }
            }
        }
        ordered.add(type);
    }

    private static List<String> usedTypes(CqlType type) {
        List<String> names = new ArrayList<>();
        if (type instanceof UserType udt) {
            names.add(udt.name());
        } else if (type instanceof ListType list) {
            names.addAll(usedTypes(list.element()));
        } else if (type instanceof SetType set) {
            names.addAll(usedTypes(set.element()));
        } else if (type instanceof MapType map) {
            names.addAll(usedTypes(map.keys()));
            names.addAll(usedTypes(map.values()));
        } else if (type instanceof TupleType tuple) {
            tuple.components().forEach(component -> names.addAll(usedTypes(component)));
        }
        return names;
    }

    private static List<ColumnMetadata> byName(List<ColumnMetadata> columns) {
        List<ColumnMetadata> sorted = new ArrayList<>(columns);
        sorted.sort(Comparator.comparing(ColumnMetadata::name));
        return sorted;
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String map(Map<String, String> options) {
        List<String> entries = new ArrayList<>();
        options.forEach((key, value) -> entries.add(literal(key) + ": " + literal(value)));
        return "{" + String.join(", ", entries) + "}";
    }
}
