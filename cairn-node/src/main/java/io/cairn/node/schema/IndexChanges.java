package io.cairn.node.schema;

import io.cairn.cql.ast.CreateIndexStatement;
import io.cairn.cql.ast.DropIndexStatement;
import io.cairn.cql.ast.IndexTarget;
import io.cairn.cql.ast.OptionValue;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.SetType;
import io.cairn.cql.type.VectorType;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code CREATE INDEX} and {@code DROP INDEX} as Cassandra 5.0 checks them: what they do to a
 * keyspace. An index name is unique in its keyspace; a legacy index ({@code CREATE INDEX}) and a
 * storage-attached one ({@code USING 'sai'} or {@code 'StorageAttachedIndex'}) both index one
 * column, or the keys, values or entries of a collection.
 */
final class IndexChanges {

    /** The names {@code USING} takes for a legacy index. */
    private static final Set<String> LEGACY_NAMES = Set.of("legacy_local_table");
    /** The longest index name: its table's storage is named after the table and the index. */
    static final int MAX_NAME_LENGTH = 200;
    /** The options of a storage-attached index that Cairn applies: to text, how values compare. */
    private static final Set<String> SAI_TEXT_OPTIONS = Set.of("case_sensitive", "normalize");
    /** The options of a storage-attached index of a vector: how vectors compare, and what to favour. */
    private static final Set<String> SAI_VECTOR_OPTIONS = Set.of("similarity_function", "optimize_for");

    private IndexChanges() {
    }

    static DdlTransformer.Edit create(CreateIndexStatement create, String keyspaceName, Schema current) {
        KeyspaceMetadata keyspace = current.keyspace(keyspaceName);
        if (keyspace == null) {
            throw CqlException.invalid("Keyspace '" + keyspaceName + "' doesn't exist");
        }
        TableMetadata table = keyspace.tables().get(create.table().name());
        if (table == null) {
            throw CqlException.invalid("Table '" + create.table().name() + "' doesn't exist");
        }
        if (SystemKeyspaces.isSystem(keyspaceName)) {
            throw new CqlException(io.cairn.cql.error.ErrorCode.UNAUTHORIZED, keyspaceName
                    + " keyspace is not user-modifiable.");
        }
        if (create.targets().isEmpty()) {
            throw CqlException.invalid("Only CUSTOM indexes can be created without specifying a target column");
        }
        if (create.targets().size() > 1) {
            throw CqlException.invalid("Only CUSTOM indexes support multiple columns");
        }
        String indexClass = indexClass(create);
        boolean storageAttached = indexClass != null;
        IndexTarget target = create.targets().get(0);
        ColumnMetadata column = table.column(target.column());
        if (column == null) {
            throw CqlException.invalid("Undefined column name " + target.column() + " in table " + table);
        }
        IndexMetadata.Target kind = targetOf(column, target.kind());
        check(table, column, kind, storageAttached);
        Map<String, String> options = options(create, storageAttached, IndexChanges.elementType(column.type(), kind));
        String name = create.indexName() != null ? create.indexName() : defaultName(keyspace, table, column);
        if (!name.matches("\\w+")) {
            throw CqlException.invalid("Index name must not be empty, or contain non-alphanumeric-underscore "
                    + "characters (got \"" + name + "\")");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw CqlException.invalid("Index name must not be more than " + MAX_NAME_LENGTH + " characters long (got \""
                    + name + "\")");
        }
        if (keyspace.tableOfIndex(name) != null) {
            if (create.ifNotExists()) {
                return null;
            }
            throw CqlException.invalid("Index '" + name + "' already exists");
        }
        IndexMetadata index = IndexMetadata.of(name, column, kind, indexClass, options);
        for (IndexMetadata existing : table.indexes().values()) {
            if (existing.column().equals(index.column()) && existing.target() == index.target()
                    && existing.kind() == index.kind() && existing.options().equals(index.options())) {
                if (create.ifNotExists()) {
                    return null;
                }
                throw CqlException.invalid("Index " + name + " is a duplicate of existing index " + existing.name());
            }
        }
        if (storageAttached && column.type() instanceof VectorType) {
            for (IndexMetadata existing : table.indexes().values()) {
                if (existing.isStorageAttached() && existing.column().equals(index.column())) {
                    throw CqlException.invalid("Cannot create more than one storage-attached index on the same "
                            + "column: " + column.name());
                }
            }
        }
        Map<String, IndexMetadata> indexes = new TreeMap<>(table.indexes());
        indexes.put(name, index);
        return new DdlTransformer.Edit(keyspaceName, keyspace.withTable(table.withIndexes(indexes)),
                SchemaChange.table(SchemaChange.Change.UPDATED, keyspaceName, table.name()));
    }

    static DdlTransformer.Edit drop(DropIndexStatement drop, String keyspaceName, Schema current) {
        KeyspaceMetadata keyspace = current.keyspace(keyspaceName);
        TableMetadata table = keyspace == null ? null : keyspace.tableOfIndex(drop.index().name());
        if (table == null) {
            if (drop.ifExists()) {
                return null;
            }
            // Cassandra's message, with its stray quote.
            throw CqlException.invalid("Index '" + keyspaceName + "." + drop.index().name() + "' doesn't exist'");
        }
        Map<String, IndexMetadata> indexes = new TreeMap<>(table.indexes());
        indexes.remove(drop.index().name());
        return new DdlTransformer.Edit(keyspaceName, keyspace.withTable(table.withIndexes(indexes)),
                SchemaChange.table(SchemaChange.Change.UPDATED, keyspaceName, table.name()));
    }

    /** Refuses to drop or rename {@code column} while an index depends on it, as Cassandra does. */
    static void checkNotIndexed(TableMetadata table, ColumnMetadata column, String action) {
        java.util.List<IndexMetadata> indexes = table.indexesOf(column);
        if (!indexes.isEmpty()) {
            throw CqlException.invalid("Cannot " + action + " column " + column.name()
                    + " because it has dependent secondary indexes (" + String.join(", ",
                    indexes.stream().map(IndexMetadata::name).toList()) + ")");
        }
    }

    /** The storage-attached index's class as written, or null for a legacy index. */
    private static String indexClass(CreateIndexStatement create) {
        if (create.indexClass() == null) {
            if (create.isCustom()) {
                throw CqlException.invalid("CUSTOM index requires specifying the index class");
            }
            return null;
        }
        if (IndexMetadata.isStorageAttachedClass(create.indexClass())) {
            return create.indexClass();
        }
        if (LEGACY_NAMES.contains(create.indexClass().toLowerCase(Locale.ROOT)) && !create.isCustom()) {
            return null;
        }
        if (create.indexClass().equals("org.apache.cassandra.index.sasi.SASIIndex")) {
            throw CqlException.invalid("SASI indexes are disabled. Enable in cassandra.yaml to use.");
        }
        throw CqlException.configuration("Unable to find custom indexer class '" + create.indexClass() + "'");
    }

    private static IndexMetadata.Target targetOf(ColumnMetadata column, IndexTarget.Kind kind) {
        CqlType type = column.type();
        boolean collection = type instanceof ListType || type instanceof SetType || type instanceof MapType;
        return switch (kind) {
            case COLUMN -> collection && type.isMultiCell() ? IndexMetadata.Target.VALUES : IndexMetadata.Target.VALUE;
            case KEYS -> IndexMetadata.Target.KEYS;
            case VALUES -> IndexMetadata.Target.VALUES;
            case ENTRIES -> IndexMetadata.Target.ENTRIES;
            case FULL -> IndexMetadata.Target.FULL;
        };
    }

    private static void check(TableMetadata table, ColumnMetadata column, IndexMetadata.Target target,
                              boolean storageAttached) {
        CqlType type = column.type();
        if (table.isCounter()) {
            throw CqlException.invalid("Secondary indexes on counter tables aren't supported");
        }
        if (column.kind() == ColumnKind.PARTITION_KEY && table.partitionKey().size() == 1) {
            throw CqlException.invalid("Cannot create secondary index on the only partition key column "
                    + column.name());
        }
        boolean collection = type instanceof ListType || type instanceof SetType || type instanceof MapType;
        switch (target) {
            case FULL -> {
                if (!collection || type.isMultiCell()) {
                    throw CqlException.invalid("full() indexes can only be created on frozen collections");
                }
            }
            case KEYS, ENTRIES -> {
                if (!(type instanceof MapType)) {
                    throw CqlException.invalid("Cannot create index on " + target.name().toLowerCase(Locale.ROOT)
                            + " of column " + column.name() + " with non-map type");
                }
                if (!type.isMultiCell()) {
                    throw CqlException.invalid("Cannot create " + target.name().toLowerCase(Locale.ROOT)
                            + "() index on frozen column " + column.name() + ". Frozen collections are immutable "
                            + "and must be fully indexed by using the 'full(" + column.name() + ")' modifier");
                }
            }
            case VALUES -> {
                if (!collection) {
                    throw CqlException.invalid("Cannot create index on values of column " + column.name()
                            + " with non-collection type");
                }
                if (!type.isMultiCell()) {
                    throw CqlException.invalid("Cannot create values() index on frozen column " + column.name()
                            + ". Frozen collections are immutable and must be fully indexed by using the 'full("
                            + column.name() + ")' modifier");
                }
            }
            case VALUE -> {
                if (collection && !type.isMultiCell()) {
                    throw CqlException.invalid("Cannot create values() index on frozen column " + column.name()
                            + ". Frozen collections are immutable and must be fully indexed by using the 'full("
                            + column.name() + ")' modifier");
                }
                if (type.isMultiCell()) {
                    throw CqlException.invalid("Cannot create an index on non-frozen " + type.asCql() + " column "
                            + column.name());
                }
            }
        }
        CqlType indexed = elementType(type, target);
        boolean encodable = target == IndexMetadata.Target.ENTRIES
                ? ((MapType) type).keys().keyType().isPresent() && ((MapType) type).values().keyType().isPresent()
                : indexed.keyType().isPresent();
        if (!encodable) {
            // A duration, at any depth, has no order: Cassandra refuses to index it.
            throw CqlException.invalid("Secondary indexes are not supported on duration columns");
        }
        if (storageAttached && type instanceof VectorType vector && vector.element() != NativeType.FLOAT) {
            throw CqlException.invalid("SAI ANN indexes are only allowed on vector columns with float elements");
        }
        if (storageAttached && type instanceof VectorType && column.isPrimaryKey()) {
            // A vector index keeps the vectors of cells; a key column's values are in the row's key.
            throw CqlException.invalid("Cannot create a vector index on primary key column " + column.name()
                    + ": vector indexes are of regular and static columns");
        }
        if (storageAttached && target == IndexMetadata.Target.FULL) {
            throw CqlException.invalid("Cannot create a storage-attached index on the full frozen collection "
                    + column.name());
        }
    }

    /** The type of what an index of {@code target} holds for each row (an element of a collection). */
    static CqlType elementType(CqlType type, IndexMetadata.Target target) {
        return switch (target) {
            case VALUE, FULL -> type;
            case KEYS -> ((MapType) type).keys();
            case VALUES -> type instanceof MapType map ? map.values() : type instanceof ListType list ? list.element()
                    : ((SetType) type).element();
            case ENTRIES -> type;
        };
    }

    private static Map<String, String> options(CreateIndexStatement create, boolean storageAttached,
                                               CqlType indexed) {
        Map<String, String> options = new TreeMap<>();
        for (Map.Entry<String, OptionValue> property : create.options().entrySet()) {
            if (!property.getKey().equals("options")) {
                throw CqlException.syntax("Unknown property '" + property.getKey() + "'");
            }
            if (!(property.getValue() instanceof OptionValue.MapValue map)) {
                throw CqlException.syntax("Invalid value for property 'options'. It should be a map.");
            }
            for (Map.Entry<String, OptionValue> option : map.entries().entrySet()) {
                if (!(option.getValue() instanceof OptionValue.Constant constant)) {
                    throw CqlException.syntax("Invalid value for option '" + option.getKey() + "'");
                }
                options.put(option.getKey(), constant.text());
            }
        }
        if (options.containsKey("target") || options.containsKey("class_name")) {
            throw CqlException.invalid("Cannot specify " + (options.containsKey("target") ? "target" : "class_name")
                    + " as a CUSTOM option");
        }
        if (!storageAttached && !options.isEmpty()) {
            throw CqlException.invalid("Cannot specify options for a non-CUSTOM index");
        }
        java.util.List<String> unknown = options.keySet().stream()
                .filter(option -> !SAI_TEXT_OPTIONS.contains(option.toLowerCase(Locale.ROOT))
                        && !SAI_VECTOR_OPTIONS.contains(option.toLowerCase(Locale.ROOT))).toList();
        if (!unknown.isEmpty()) {
            throw CqlException.configuration("Properties specified " + unknown.toString().replace(", ", ",")
                    + " are not understood by StorageAttachedIndex");
        }
        boolean textOptions = options.keySet().stream()
                .anyMatch(option -> SAI_TEXT_OPTIONS.contains(option.toLowerCase(Locale.ROOT)));
        if (textOptions && indexed != NativeType.TEXT && indexed != NativeType.ASCII) {
            throw CqlException.invalid("CQL type " + indexed.asCql() + " cannot be analyzed.");
        }
        boolean vectorOptions = options.keySet().stream()
                .anyMatch(option -> SAI_VECTOR_OPTIONS.contains(option.toLowerCase(Locale.ROOT)));
        if (vectorOptions && !(indexed instanceof VectorType)) {
            throw CqlException.invalid("CQL type " + indexed.asCql() + " cannot have vector options");
        }
        for (Map.Entry<String, String> option : options.entrySet()) {
            String value = option.getValue().toUpperCase(Locale.ROOT);
            switch (option.getKey().toLowerCase(Locale.ROOT)) {
                case "similarity_function" -> {
                    if (!Set.of("EUCLIDEAN", "DOT_PRODUCT", "COSINE").contains(value)) {
                        // Cassandra's message, naming no index.
                        throw CqlException.invalid("Similarity function " + value + " was not recognized for index "
                                + "null. Valid values are: EUCLIDEAN, DOT_PRODUCT, COSINE");
                    }
                }
                case "optimize_for" -> {
                    if (!Set.of("LATENCY", "RECALL").contains(value)) {
                        throw CqlException.invalid("optimize_for '" + value + "' was not recognized for index null. "
                                + "Valid values are: LATENCY, RECALL");
                    }
                }
                default -> {
                }
            }
        }
        return options;
    }

    /** Cassandra's default name: table_column_idx, with a number after it while that is taken in the keyspace. */
    private static String defaultName(KeyspaceMetadata keyspace, TableMetadata table, ColumnMetadata column) {
        String base = (table.name() + "_" + column.name() + "_idx").replaceAll("\\W", "");
        String name = base;
        for (int i = 1; keyspace.tableOfIndex(name) != null; i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
