package io.cairn.node.schema;

import io.cairn.cql.error.CqlException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A table's {@code caching}, {@code compaction} and {@code compression} maps: checked as Cassandra 5.0 checks
 * them (known classes and sub-options, with its configuration errors) and completed with the
 * defaults Cassandra shows in {@code system_schema.tables}. Cairn's storage uses neither;
 * they are kept so that clients and schema tools see what Cassandra would show.
 */
final class StorageOptions {

    private static final String COMPACTION_PACKAGE = "org.apache.cassandra.db.compaction.";
    private static final String COMPRESSION_PACKAGE = "org.apache.cassandra.io.compress.";
    private static final Set<String> COMPACTION_COMMON = Set.of("class", "enabled", "min_threshold", "max_threshold",
            "tombstone_threshold", "tombstone_compaction_interval", "unchecked_tombstone_compaction",
            "only_purge_repaired_tombstones", "log_all", "provide_overlapping_tombstones");
    private static final Set<String> SIZE_TIERED = Set.of("min_sstable_size", "bucket_low", "bucket_high");
    private static final Map<String, Set<String>> COMPACTION_CLASSES = Map.of(
            "SizeTieredCompactionStrategy", SIZE_TIERED,
            "LeveledCompactionStrategy", union(SIZE_TIERED, "sstable_size_in_mb", "fanout_size",
                    "single_sstable_uplevel"),
            "TimeWindowCompactionStrategy", union(SIZE_TIERED, "compaction_window_unit", "compaction_window_size",
                    "timestamp_resolution", "expired_sstable_check_frequency_seconds",
                    "unsafe_aggressive_sstable_expiration"));
    /** Its many sub-options are not checked here; Cassandra adds no thresholds to it. */
    private static final String UNIFIED = "UnifiedCompactionStrategy";
    private static final Set<String> COMPRESSION_COMMON = Set.of("class", "enabled", "chunk_length_in_kb",
            "min_compress_ratio", "max_compressed_length");
    private static final Map<String, Set<String>> COMPRESSORS = Map.of(
            "LZ4Compressor", Set.of("lz4_compressor_type", "lz4_high_compressor_level"),
            "SnappyCompressor", Set.of(),
            "DeflateCompressor", Set.of(),
            "ZstdCompressor", Set.of("compression_level"),
            "NoopCompressor", Set.of());

    private StorageOptions() {
    }

    /**
     * {@code keys} (ALL or NONE) and {@code rows_per_partition} (ALL, NONE or a number of rows),
     * both always shown, ALL and NONE in capitals, as Cassandra shows them.
     */
    static Map<String, String> caching(Map<String, String> given) {
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(Set.of("keys", "rows_per_partition"));
        if (!unknown.isEmpty()) {
            throw CqlException.configuration("Invalid caching sub-options " + unknown
                    + ": only 'keys' and 'rows_per_partition' are allowed");
        }
        String keys = given.getOrDefault("keys", "ALL");
        if (!keys.equalsIgnoreCase("ALL") && !keys.equalsIgnoreCase("NONE")) {
            throw CqlException.configuration("Invalid value '" + keys + "' for caching sub-option 'keys': only "
                    + "'ALL' and 'NONE' are allowed");
        }
        String rows = given.getOrDefault("rows_per_partition", "NONE");
        String shownRows;
        if (rows.equalsIgnoreCase("ALL") || rows.equalsIgnoreCase("NONE")) {
            shownRows = rows.toUpperCase(java.util.Locale.ROOT);
        } else if (rows.matches("[0-9]{1,9}")) {
            int count = Integer.parseInt(rows);
            shownRows = count == 0 ? "NONE" : Integer.toString(count);
        } else {
            throw CqlException.configuration("Invalid value '" + rows + "' for caching sub-option "
                    + "'rows_per_partition': only 'ALL', 'NONE', and integer values are allowed");
        }
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("keys", keys.toUpperCase(java.util.Locale.ROOT));
        shown.put("rows_per_partition", shownRows);
        return shown;
    }

    static Map<String, String> compaction(Map<String, String> given) {
        String className = given.get("class");
        if (className == null) {
            throw CqlException.configuration("Missing sub-option 'class' for the 'compaction' option");
        }
        String fullName = className.contains(".") ? className : COMPACTION_PACKAGE + className;
        String shortName = fullName.startsWith(COMPACTION_PACKAGE) ? fullName.substring(COMPACTION_PACKAGE.length()) : "";
        Set<String> known = COMPACTION_CLASSES.get(shortName);
        if (known == null && !shortName.equals(UNIFIED)) {
            throw CqlException.configuration("Unable to find compaction strategy class '" + fullName + "'");
        }
        Map<String, String> result = new LinkedHashMap<>(given);
        result.put("class", fullName);
        String enabled = given.get("enabled");
        if (enabled != null && !enabled.equalsIgnoreCase("true") && !enabled.equalsIgnoreCase("false")) {
            throw CqlException.configuration("enabled should either be 'true' or 'false', not " + enabled);
        }
        if (known == null) {
            return result;
        }
        int min = threshold(given, "min_threshold", 4);
        int max = threshold(given, "max_threshold", 32);
        if (min < 2) {
            throw CqlException.configuration("Min compaction threshold cannot be less than 2 (got " + min + ")");
        }
        if (min > max && max != 0) {
            throw CqlException.configuration("Min compaction threshold (got " + min + ") cannot be greater than max "
                    + "compaction threshold (got " + max + ")");
        }
        Set<String> unknown = new TreeSet<>();
        for (String option : given.keySet()) {
            if (!COMPACTION_COMMON.contains(option) && !known.contains(option)) {
                unknown.add(option);
            }
        }
        if (!unknown.isEmpty()) {
            throw CqlException.configuration("Properties specified " + unknown + " are not understood by " + shortName);
        }
        result.putIfAbsent("min_threshold", "4");
        result.putIfAbsent("max_threshold", "32");
        return result;
    }

    private static int threshold(Map<String, String> given, String option, int defaultValue) {
        String text = given.get(option);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw CqlException.configuration("Invalid value " + text + " for '" + option
                    + "' compaction sub-option - must be an integer");
        }
    }

    static Map<String, String> compression(Map<String, String> given) {
        String enabled = given.get("enabled");
        if (enabled != null && enabled.equalsIgnoreCase("false")) {
            if (given.size() > 1) {
                throw CqlException.configuration("If the 'enabled' option is set to false no other options must be "
                        + "specified");
            }
            return Map.of("enabled", "false");
        }
        String className = given.get("class");
        if (className == null) {
            throw CqlException.configuration("Missing sub-option 'class' for the 'compression' option.");
        }
        if (className.isEmpty()) {
            throw CqlException.configuration("The 'class' option must not be empty. To disable compression use "
                    + "'enabled' : false");
        }
        String fullName = className.contains(".") ? className : COMPRESSION_PACKAGE + className;
        String shortName = fullName.startsWith(COMPRESSION_PACKAGE) ? fullName.substring(COMPRESSION_PACKAGE.length())
                : "";
        Set<String> known = COMPRESSORS.get(shortName);
        if (known == null) {
            throw CqlException.configuration("Could not create Compression for type " + fullName);
        }
        for (String option : given.keySet()) {
            if (!COMPRESSION_COMMON.contains(option) && !known.contains(option)) {
                throw CqlException.configuration("Unknown compression options " + option);
            }
        }
        String chunk = given.getOrDefault("chunk_length_in_kb", "16");
        int chunkKb;
        try {
            chunkKb = Integer.parseInt(chunk);
        } catch (NumberFormatException e) {
            throw CqlException.configuration("Invalid value for chunk_length_in_kb");
        }
        if (chunkKb <= 0 || Integer.bitCount(chunkKb) != 1) {
            throw CqlException.configuration("chunk_length_in_kb must be a power of 2");
        }
        String lz4Type = given.get("lz4_compressor_type");
        if (lz4Type != null && !List.of("high", "fast").contains(lz4Type)) {
            throw CqlException.configuration("Invalid compressor type '" + lz4Type + "' specified for LZ4 parameter "
                    + "'lz4_compressor_type'. Valid options are [high, fast].");
        }
        Map<String, String> result = new LinkedHashMap<>(given);
        result.put("class", fullName);
        result.put("chunk_length_in_kb", chunk);
        return result;
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new TreeSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }
}
