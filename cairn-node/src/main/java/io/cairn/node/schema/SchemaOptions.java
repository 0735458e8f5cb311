package io.cairn.node.schema;

import io.cairn.cql.ast.OptionValue;
import io.cairn.cql.error.CqlException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads the WITH options of keyspace and table statements, with Cassandra's names and checks. */
public final class SchemaOptions {

    /** Cassandra's cap on a TTL, 20 years: also the largest default_time_to_live. */
    private static final int MAX_TTL_SECONDS = 20 * 365 * 24 * 60 * 60;
    private static final String STRATEGY_PACKAGE = "org.apache.cassandra.locator.";
    private static final String DEFAULT_REPLICATION_FACTOR = "1";

    private SchemaOptions() {
    }

    /**
     * The replication map of CREATE/ALTER KEYSPACE, normalized as Cassandra stores it: the
     * strategy's full class name, and the replication factors as given. A factor left out is the
     * keyspace's current one, or Cassandra's default of 1; NetworkTopologyStrategy's
     * {@code replication_factor} applies to each of {@code dataCenters} not given its own.
     */
    public static Map<String, String> replication(Map<String, OptionValue> options, Map<String, String> current,
                                                  Set<String> dataCenters) {
        OptionValue value = options.get("replication");
        if (value == null) {
            if (current == null) {
                throw CqlException.configuration("Missing mandatory option 'replication'");
            }
            return current;
        }
        Map<String, String> given = map(value, "replication");
        String strategy = given.get("class");
        if (strategy == null) {
            throw CqlException.configuration("Missing replication strategy class");
        }
        String shortName = strategy.startsWith(STRATEGY_PACKAGE) ? strategy.substring(STRATEGY_PACKAGE.length()) : strategy;
        Map<String, String> previous = current == null ? Map.of() : current;
        Map<String, String> normalized = new LinkedHashMap<>();
        switch (shortName) {
            case "SimpleStrategy" -> {
                normalized.put("class", STRATEGY_PACKAGE + "SimpleStrategy");
                String factor = given.getOrDefault("replication_factor",
                        previous.getOrDefault("replication_factor", DEFAULT_REPLICATION_FACTOR));
                replicationFactor(factor);
                normalized.put("replication_factor", factor);
                for (String key : given.keySet()) {
                    if (!key.equals("class") && !key.equals("replication_factor")) {
                        throw CqlException.configuration("Unrecognized strategy option {" + key + "} passed to "
                                + "SimpleStrategy for keyspace");
                    }
                }
            }
            case "NetworkTopologyStrategy" -> {
                normalized.put("class", STRATEGY_PACKAGE + "NetworkTopologyStrategy");
                Map<String, String> factors = new TreeMap<>(given);
                factors.remove("class");
                String factor = factors.remove("replication_factor");
                if (factor == null && factors.isEmpty()) {
                    factor = previous.getOrDefault("replication_factor", DEFAULT_REPLICATION_FACTOR);
                } else if (factor != null && previous.get("class") != null
                        && previous.get("class").endsWith("NetworkTopologyStrategy")) {
                    // Expanding to every data center leaves those the keyspace already names as they were.
                    previous.forEach((dc, rf) -> {
                        if (!dc.equals("class")) {
                            factors.putIfAbsent(dc, rf);
                        }
                    });
                }
                if (factor != null) {
                    for (String dc : new TreeSet<>(dataCenters)) {
                        factors.putIfAbsent(dc, factor);
                    }
                }
                for (Map.Entry<String, String> entry : factors.entrySet()) {
                    replicationFactor(entry.getValue());
                }
                factors.values().removeIf(rf -> rf.trim().equals("0"));
                if (factors.isEmpty()) {
                    throw CqlException.configuration("Configuration for at least one datacenter must be present");
                }
                normalized.putAll(factors);
            }
            case "LocalStrategy", "EverywhereStrategy" -> throw CqlException.configuration(
                    "Unable to use given strategy class: LocalStrategy is reserved for internal use.");
            default -> throw CqlException.configuration("Unable to find replication strategy class '"
                    + (strategy.contains(".") ? strategy : "org.apache.cassandra.locator." + strategy) + "'");
        }
        return normalized;
    }

    private static void replicationFactor(String text) {
        try {
            int factor = Integer.parseInt(text.trim());
            if (factor < 0) {
                throw CqlException.configuration("Replication factor must be non-negative; found " + text);
            }
        } catch (NumberFormatException e) {
            // Cassandra answers with the number parser's own words.
            throw CqlException.configuration("For input string: \"" + text + "\"");
        }
    }

    public static boolean durableWrites(Map<String, OptionValue> options, boolean current) {
        OptionValue value = options.get("durable_writes");
        return value == null ? current : bool(value, "durable_writes");
    }

    public static void checkKeyspaceOptions(Map<String, OptionValue> options) {
        for (String key : options.keySet()) {
            if (!key.equals("replication") && !key.equals("durable_writes")) {
                throw CqlException.syntax("Unknown property '" + key + "'");
            }
        }
    }

    /** Table options over {@code base}: unknown names are refused as Cassandra refuses them. */
    public static TableParams tableParams(Map<String, OptionValue> options, TableParams base) {
        TableParams p = base;
        for (Map.Entry<String, OptionValue> option : options.entrySet()) {
            String name = option.getKey();
            OptionValue value = option.getValue();
            p = switch (name) {
                case "comment" -> new TableParams(text(value, name), p.defaultTimeToLiveSeconds(), p.gcGraceSeconds(),
                        p.bloomFilterFpChance(), p.crcCheckChance(), p.caching(), p.compaction(), p.compression(),
                        p.speculativeRetry(), p.additionalWritePolicy(), p.readRepair(), p.memtableFlushPeriodMillis(),
                        p.minIndexInterval(), p.maxIndexInterval(), p.cdc(), p.allowAutoSnapshot(), p.incrementalBackups());
                case "default_time_to_live" -> {
                    int ttl = integer(value, name);
                    if (ttl < 0) {
                        throw CqlException.configuration("default_time_to_live must be greater than or equal to 0 "
                                + "(got " + ttl + ")");
                    }
                    if (ttl > MAX_TTL_SECONDS) {
                        throw CqlException.configuration("default_time_to_live must be less than or equal to "
                                + MAX_TTL_SECONDS + " (got " + ttl + ")");
                    }
                    yield new TableParams(p.comment(), ttl, p.gcGraceSeconds(), p.bloomFilterFpChance(),
                            p.crcCheckChance(), p.caching(), p.compaction(), p.compression(), p.speculativeRetry(),
                            p.additionalWritePolicy(), p.readRepair(), p.memtableFlushPeriodMillis(),
                            p.minIndexInterval(), p.maxIndexInterval(), p.cdc(), p.allowAutoSnapshot(),
                            p.incrementalBackups());
                }
                case "gc_grace_seconds" -> {
                    int seconds = integer(value, name);
                    if (seconds < 0) {
                        throw CqlException.configuration("gc_grace_seconds must be greater than or equal to 0 (got "
                                + seconds + ")");
                    }
                    yield new TableParams(p.comment(), p.defaultTimeToLiveSeconds(), seconds, p.bloomFilterFpChance(),
                            p.crcCheckChance(), p.caching(), p.compaction(), p.compression(), p.speculativeRetry(),
                            p.additionalWritePolicy(), p.readRepair(), p.memtableFlushPeriodMillis(),
                            p.minIndexInterval(), p.maxIndexInterval(), p.cdc(), p.allowAutoSnapshot(),
                            p.incrementalBackups());
                }
                case "bloom_filter_fp_chance" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(),
                        p.gcGraceSeconds(), decimal(value, name), p.crcCheckChance(), p.caching(), p.compaction(),
                        p.compression(), p.speculativeRetry(), p.additionalWritePolicy(), p.readRepair(),
                        p.memtableFlushPeriodMillis(), p.minIndexInterval(), p.maxIndexInterval(), p.cdc(),
                        p.allowAutoSnapshot(), p.incrementalBackups());
                case "crc_check_chance" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(),
                        p.gcGraceSeconds(), p.bloomFilterFpChance(), decimal(value, name), p.caching(), p.compaction(),
                        p.compression(), p.speculativeRetry(), p.additionalWritePolicy(), p.readRepair(),
                        p.memtableFlushPeriodMillis(), p.minIndexInterval(), p.maxIndexInterval(), p.cdc(),
                        p.allowAutoSnapshot(), p.incrementalBackups());
                case "caching" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(), p.gcGraceSeconds(),
                        p.bloomFilterFpChance(), p.crcCheckChance(), StorageOptions.caching(map(value, name)),
                        p.compaction(), p.compression(),
                        p.speculativeRetry(), p.additionalWritePolicy(), p.readRepair(), p.memtableFlushPeriodMillis(),
                        p.minIndexInterval(), p.maxIndexInterval(), p.cdc(), p.allowAutoSnapshot(),
                        p.incrementalBackups());
                case "compaction" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(), p.gcGraceSeconds(),
                        p.bloomFilterFpChance(), p.crcCheckChance(), p.caching(),
                        StorageOptions.compaction(map(value, name)), p.compression(), p.speculativeRetry(),
                        p.additionalWritePolicy(), p.readRepair(), p.memtableFlushPeriodMillis(), p.minIndexInterval(),
                        p.maxIndexInterval(), p.cdc(), p.allowAutoSnapshot(), p.incrementalBackups());
                case "compression" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(), p.gcGraceSeconds(),
                        p.bloomFilterFpChance(), p.crcCheckChance(), p.caching(), p.compaction(),
                        StorageOptions.compression(map(value, name)), p.speculativeRetry(), p.additionalWritePolicy(),
                        p.readRepair(), p.memtableFlushPeriodMillis(), p.minIndexInterval(), p.maxIndexInterval(),
                        p.cdc(), p.allowAutoSnapshot(), p.incrementalBackups());
                case "speculative_retry" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(),
                        p.gcGraceSeconds(), p.bloomFilterFpChance(), p.crcCheckChance(), p.caching(), p.compaction(),
                        p.compression(), speculativeRetry(text(value, name), name), p.additionalWritePolicy(),
                        p.readRepair(),
                        p.memtableFlushPeriodMillis(), p.minIndexInterval(), p.maxIndexInterval(), p.cdc(),
                        p.allowAutoSnapshot(), p.incrementalBackups());
                case "additional_write_policy" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(),
                        p.gcGraceSeconds(), p.bloomFilterFpChance(), p.crcCheckChance(), p.caching(), p.compaction(),
                        p.compression(), p.speculativeRetry(), speculativeRetry(text(value, name), name),
                        p.readRepair(),
                        p.memtableFlushPeriodMillis(), p.minIndexInterval(), p.maxIndexInterval(), p.cdc(),
                        p.allowAutoSnapshot(), p.incrementalBackups());
                case "read_repair" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(), p.gcGraceSeconds(),
                        p.bloomFilterFpChance(), p.crcCheckChance(), p.caching(), p.compaction(), p.compression(),
                        p.speculativeRetry(), p.additionalWritePolicy(), text(value, name).toUpperCase(Locale.ROOT),
                        p.memtableFlushPeriodMillis(), p.minIndexInterval(), p.maxIndexInterval(), p.cdc(),
                        p.allowAutoSnapshot(), p.incrementalBackups());
                case "memtable_flush_period_in_ms" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(),
                        p.gcGraceSeconds(), p.bloomFilterFpChance(), p.crcCheckChance(), p.caching(), p.compaction(),
                        p.compression(), p.speculativeRetry(), p.additionalWritePolicy(), p.readRepair(),
                        integer(value, name), p.minIndexInterval(), p.maxIndexInterval(), p.cdc(),
                        p.allowAutoSnapshot(), p.incrementalBackups());
                case "min_index_interval" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(),
                        p.gcGraceSeconds(), p.bloomFilterFpChance(), p.crcCheckChance(), p.caching(), p.compaction(),
                        p.compression(), p.speculativeRetry(), p.additionalWritePolicy(), p.readRepair(),
                        p.memtableFlushPeriodMillis(), integer(value, name), p.maxIndexInterval(), p.cdc(),
                        p.allowAutoSnapshot(), p.incrementalBackups());
                case "max_index_interval" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(),
                        p.gcGraceSeconds(), p.bloomFilterFpChance(), p.crcCheckChance(), p.caching(), p.compaction(),
                        p.compression(), p.speculativeRetry(), p.additionalWritePolicy(), p.readRepair(),
                        p.memtableFlushPeriodMillis(), p.minIndexInterval(), integer(value, name), p.cdc(),
                        p.allowAutoSnapshot(), p.incrementalBackups());
                case "cdc" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(), p.gcGraceSeconds(),
                        p.bloomFilterFpChance(), p.crcCheckChance(), p.caching(), p.compaction(), p.compression(),
                        p.speculativeRetry(), p.additionalWritePolicy(), p.readRepair(), p.memtableFlushPeriodMillis(),
                        p.minIndexInterval(), p.maxIndexInterval(), bool(value, name), p.allowAutoSnapshot(),
                        p.incrementalBackups());
                case "allow_auto_snapshot" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(),
                        p.gcGraceSeconds(), p.bloomFilterFpChance(), p.crcCheckChance(), p.caching(), p.compaction(),
                        p.compression(), p.speculativeRetry(), p.additionalWritePolicy(), p.readRepair(),
                        p.memtableFlushPeriodMillis(), p.minIndexInterval(), p.maxIndexInterval(), p.cdc(),
                        bool(value, name), p.incrementalBackups());
                case "incremental_backups" -> new TableParams(p.comment(), p.defaultTimeToLiveSeconds(),
                        p.gcGraceSeconds(), p.bloomFilterFpChance(), p.crcCheckChance(), p.caching(), p.compaction(),
                        p.compression(), p.speculativeRetry(), p.additionalWritePolicy(), p.readRepair(),
                        p.memtableFlushPeriodMillis(), p.minIndexInterval(), p.maxIndexInterval(), p.cdc(),
                        p.allowAutoSnapshot(), bool(value, name));
                case "memtable", "extensions" -> p;
                default -> throw CqlException.syntax("Unknown property '" + name + "'");
            };
        }
        return p;
    }

    static Map<String, String> map(OptionValue value, String name) {
        if (!(value instanceof OptionValue.MapValue mapValue)) {
            throw CqlException.syntax("Invalid value for property '" + name + "'. It should be a map.");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, OptionValue> entry : mapValue.entries().entrySet()) {
            result.put(entry.getKey(), text(entry.getValue(), name));
        }
        return result;
    }

    /** A speculative_retry or additional_write_policy value, as Cassandra shows it. */
    private static String speculativeRetry(String text, String option) {
        return SpeculativeRetry.parse(text, option).asCql();
    }

    static String text(OptionValue value, String name) {
        if (value instanceof OptionValue.Constant constant) {
            return constant.text();
        }
        if (value instanceof OptionValue.Keyword keyword) {
            return keyword.word();
        }
        throw CqlException.syntax("Invalid value for property '" + name + "'. It should be a string.");
    }

    static int integer(OptionValue value, String name) {
        try {
            return Integer.parseInt(text(value, name).trim());
        } catch (NumberFormatException e) {
            throw CqlException.syntax("Invalid integer value " + text(value, name) + " for '" + name + "'");
        }
    }

    static double decimal(OptionValue value, String name) {
        try {
            return Double.parseDouble(text(value, name).trim());
        } catch (NumberFormatException e) {
            throw CqlException.syntax("Invalid double value " + text(value, name) + " for '" + name + "'");
        }
    }

    static boolean bool(OptionValue value, String name) {
        String text = text(value, name).toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw CqlException.syntax("Invalid boolean value " + text + " for '" + name + "'");
    }
}
