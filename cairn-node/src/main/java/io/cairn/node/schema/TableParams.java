package io.cairn.node.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A table's WITH options, kept as given and shown back by {@code system_schema.tables} and
 * DESCRIBE. Only {@code default_time_to_live} and {@code gc_grace_seconds} change how Cairn
 * behaves today; the others are stored so that clients and schema tools see what they set.
 */
public record TableParams(String comment, int defaultTimeToLiveSeconds, int gcGraceSeconds,
                          double bloomFilterFpChance, double crcCheckChance, Map<String, String> caching,
                          Map<String, String> compaction, Map<String, String> compression,
                          String speculativeRetry, String additionalWritePolicy, String readRepair,
                          int memtableFlushPeriodMillis, int minIndexInterval, int maxIndexInterval,
                          boolean cdc, boolean allowAutoSnapshot, boolean incrementalBackups) {

    public static final TableParams DEFAULTS = new TableParams("", 0, 864_000, 0.01, 1.0,
            ordered("keys", "ALL", "rows_per_partition", "NONE"),
            ordered("class", "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy",
                    "max_threshold", "32", "min_threshold", "4"),
            ordered("chunk_length_in_kb", "16", "class", "org.apache.cassandra.io.compress.LZ4Compressor"),
            "99p", "99p", "BLOCKING", 0, 128, 2048, false, true, true);

    public TableParams {
        Objects.requireNonNull(comment, "comment");
        // Sorted, so that the schema digest (and its version) is the same on every node.
        caching = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(caching));
        compaction = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(compaction));
        compression = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(compression));
        Objects.requireNonNull(speculativeRetry, "speculativeRetry");
        Objects.requireNonNull(additionalWritePolicy, "additionalWritePolicy");
        Objects.requireNonNull(readRepair, "readRepair");
    }

    static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
