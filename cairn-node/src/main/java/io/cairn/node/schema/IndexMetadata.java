package io.cairn.node.schema;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A secondary index of a table, as {@code system_schema.indexes} holds it: its name (unique in
 * its keyspace), its kind and its options, among them {@code target} (the column, or
 * {@code keys(m)}, {@code values(c)}, {@code entries(m)}, {@code full(f)}) and, for a custom
 * index, {@code class_name}. A legacy index ({@code CREATE INDEX}) has kind COMPOSITES; a
 * storage-attached one (SAI) is CUSTOM with Cassandra's SAI class.
 */
public record IndexMetadata(String name, Kind kind, Map<String, String> options) {

    /** The class of a storage-attached index; {@code USING} may name it so, or in short. */
    public static final String SAI_CLASS = "org.apache.cassandra.index.sai.StorageAttachedIndex";
    /** The names {@code USING} takes for a storage-attached index, in lower case. */
    private static final java.util.Set<String> SAI_NAMES = java.util.Set.of("sai", "storageattachedindex",
            SAI_CLASS.toLowerCase(java.util.Locale.ROOT));

    /** As {@code system_schema.indexes.kind} names it. */
    public enum Kind { KEYS, COMPOSITES, CUSTOM }

    /** What of its column an index indexes. */
    public enum Target {
        /** The value of a column that is not a non-frozen collection. */
        VALUE,
        /** The keys of a map. */
        KEYS,
        /** The elements of a list or set, the values of a map. */
        VALUES,
        /** The entries of a map: key and value. */
        ENTRIES,
        /** A frozen collection whole. */
        FULL
    }

    public IndexMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        options = Map.copyOf(options);
        if (!options.containsKey("target")) {
            throw new IllegalArgumentException("Index " + name + " has no target");
        }
    }

    /**
     * A legacy index of {@code column}'s {@code target}, or (with {@code indexClass}, kept as
     * written, as Cassandra keeps it) a storage-attached one.
     */
    public static IndexMetadata of(String name, ColumnMetadata column, Target target, String indexClass,
                                   Map<String, String> extraOptions) {
        Map<String, String> options = new TreeMap<>(extraOptions);
        String columnName = column.cqlName();
        options.put("target", switch (target) {
            case VALUE -> columnName;
            case KEYS -> "keys(" + columnName + ")";
            case VALUES -> "values(" + columnName + ")";
            case ENTRIES -> "entries(" + columnName + ")";
            case FULL -> "full(" + columnName + ")";
        });
        if (indexClass != null) {
            options.put("class_name", indexClass);
        }
        return new IndexMetadata(name, indexClass != null ? Kind.CUSTOM : Kind.COMPOSITES, options);
    }

    /** Whether {@code indexClass}, as {@code USING} names it, is the storage-attached index's. */
    public static boolean isStorageAttachedClass(String indexClass) {
        return indexClass != null && SAI_NAMES.contains(indexClass.toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether this is a storage-attached index (SAI). */
    public boolean isStorageAttached() {
        return kind == Kind.CUSTOM && isStorageAttachedClass(options.get("class_name"));
    }

    /**
     * Whether this index answers nearest-neighbour searches ({@code ORDER BY column ANN OF ...}):
     * a storage-attached index of a vector column, {@code column} being the one it indexes.
     */
    public boolean searchesNeighbours(ColumnMetadata column) {
        return isStorageAttached() && column.type() instanceof io.cairn.cql.type.VectorType;
    }

    /** How a vector index compares vectors: COSINE (the default), DOT_PRODUCT or EUCLIDEAN. */
    public String similarityFunction() {
        return option("similarity_function", "COSINE").toUpperCase(java.util.Locale.ROOT);
    }

    /** Whether text values are compared ignoring case ({@code 'case_sensitive': 'false'}). */
    public boolean ignoresCase() {
        return "false".equalsIgnoreCase(option("case_sensitive", "true"));
    }

    /** An option, its name in any case, as Cassandra takes it. */
    private String option(String name, String otherwise) {
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (option.getKey().equalsIgnoreCase(name)) {
                return option.getValue();
            }
        }
        return otherwise;
    }

    /** Whether text values are compared in Unicode normalization form C ({@code 'normalize': 'true'}). */
    public boolean normalizes() {
        return "true".equalsIgnoreCase(option("normalize", "false"));
    }

    /** The name of the column indexed. */
    public String column() {
        String target = options.get("target");
        int open = target.indexOf('(');
        String column = open > 0 && target.endsWith(")") && targetOf(target.substring(0, open)) != null
                ? target.substring(open + 1, target.length() - 1) : target;
        if (column.length() >= 2 && column.startsWith("\"") && column.endsWith("\"")) {
            return column.substring(1, column.length() - 1).replace("\"\"", "\"");
        }
        return column;
    }

    /** What of the column is indexed. */
    public Target target() {
        String target = options.get("target");
        int open = target.indexOf('(');
        Target kind = open > 0 && target.endsWith(")") ? targetOf(target.substring(0, open)) : null;
        return kind == null ? Target.VALUE : kind;
    }

    private static Target targetOf(String function) {
        return switch (function) {
            case "keys" -> Target.KEYS;
            case "values" -> Target.VALUES;
            case "entries" -> Target.ENTRIES;
            case "full" -> Target.FULL;
            default -> null;
        };
    }

    /**
     * A value as this index compares it: text in normalization form C when the index normalizes,
     * in lower case when it ignores case; any other value as it is.
     */
    public java.nio.ByteBuffer analysed(io.cairn.cql.type.CqlType type, java.nio.ByteBuffer value) {
        boolean text = type == io.cairn.cql.type.NativeType.TEXT || type == io.cairn.cql.type.NativeType.ASCII;
        if (!text || !(ignoresCase() || normalizes())) {
            return value;
        }
        String analysed = java.nio.charset.StandardCharsets.UTF_8.decode(value.duplicate()).toString();
        if (normalizes()) {
            analysed = java.text.Normalizer.normalize(analysed, java.text.Normalizer.Form.NFC);
        }
        if (ignoresCase()) {
            analysed = analysed.toLowerCase(java.util.Locale.ROOT);
        }
        return java.nio.ByteBuffer.wrap(analysed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether this index compares values other than byte for byte (text analysed). */
    public boolean analyses() {
        return ignoresCase() || normalizes();
    }

    /** The options a user gave, without target and class_name (what DESCRIBE shows after WITH OPTIONS). */
    public Map<String, String> userOptions() {
        Map<String, String> user = new TreeMap<>(options);
        user.remove("target");
        user.remove("class_name");
        return user;
    }
}
