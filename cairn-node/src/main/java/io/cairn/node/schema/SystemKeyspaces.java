package io.cairn.node.schema;

import java.util.List;
import java.util.Map;

/**
 * The definitions of the keyspaces Cairn keeps for itself and for drivers, as CQL. Their
 * tables have Cassandra 5.0's names, columns and types, because drivers read them by name
 * and decode them blindly (see the CQL compatibility reference).
 */
public final class SystemKeyspaces {

    public static final String SYSTEM = "system";
    public static final String SYSTEM_SCHEMA = "system_schema";
    public static final String SYSTEM_VIRTUAL_SCHEMA = "system_virtual_schema";
    /** The node's own live state (as Cassandra's virtual keyspace of that name): metrics. */
    public static final String SYSTEM_VIEWS = "system_views";
    public static final String SYSTEM_TRACES = "system_traces";
    public static final String SYSTEM_AUTH = "system_auth";
    public static final String SYSTEM_DISTRIBUTED = "system_distributed";

    private static final String TABLE_OPTION_COLUMNS = "additional_write_policy text, allow_auto_snapshot boolean, "
            + "bloom_filter_fp_chance double, caching frozen<map<text, text>>, cdc boolean, comment text, "
            + "compaction frozen<map<text, text>>, compression frozen<map<text, text>>, crc_check_chance double, "
            + "dclocal_read_repair_chance double, default_time_to_live int, extensions frozen<map<text, blob>>, "
            + "gc_grace_seconds int, incremental_backups boolean, max_index_interval int, memtable text, "
            + "memtable_flush_period_in_ms int, min_index_interval int, read_repair text, read_repair_chance double, "
            + "speculative_retry text, ";

    /** A latency view of Cassandra 4's {@code system_views}: a table's count, max, median, 99th percentile, rate. */
    private static String latencyView(String name) {
        return "CREATE TABLE " + name + " (keyspace_name text, table_name text, count bigint, max_ms double, "
                + "p50th_ms double, p99th_ms double, per_second double, PRIMARY KEY ((keyspace_name, table_name)))";
    }

    /**
     * Keyspace name → its tables' CREATE TABLE statements (unqualified names). Hints and the
     * batchlog are this node's alone, never replicated, so no replica can bring a deleted one
     * back: their tombstones go at the next purge sweep (gc grace 0, as Cassandra's have).
     */
    public static final Map<String, List<String>> TABLES = Map.of(
            SYSTEM, List.of(
                    "CREATE TABLE local (key text, bootstrapped text, broadcast_address inet, broadcast_port int, "
                            + "cluster_name text, cql_version text, data_center text, gossip_generation int, "
                            + "host_id uuid, listen_address inet, listen_port int, native_protocol_version text, "
                            + "partitioner text, rack text, release_version text, rpc_address inet, rpc_port int, "
                            + "schema_version uuid, tokens set<text>, truncated_at map<uuid, blob>, "
                            + "PRIMARY KEY ((key)))",
                    "CREATE TABLE peers (peer inet, data_center text, host_id uuid, preferred_ip inet, rack text, "
                            + "release_version text, rpc_address inet, schema_version uuid, tokens set<text>, "
                            + "PRIMARY KEY ((peer)))",
                    "CREATE TABLE peers_v2 (peer inet, peer_port int, data_center text, host_id uuid, "
                            + "native_address inet, native_port int, preferred_ip inet, preferred_port int, "
                            + "rack text, release_version text, schema_version uuid, tokens set<text>, "
                            + "PRIMARY KEY ((peer), peer_port))",
                    "CREATE TABLE hints (target text, id timeuuid, keyspace_name text, table_name text, "
                            + "mutation blob, PRIMARY KEY ((target), id)) WITH gc_grace_seconds = 0",
                    "CREATE TABLE batches (id timeuuid, mutations blob, PRIMARY KEY ((id))) WITH gc_grace_seconds = 0",
                    "CREATE TABLE built_indexes (keyspace_name text, index_name text, table_name text, "
                            + "definition text, PRIMARY KEY ((keyspace_name), index_name)) WITH gc_grace_seconds = 0"),
            SYSTEM_SCHEMA, List.of(
                    "CREATE TABLE keyspaces (keyspace_name text, durable_writes boolean, "
                            + "replication frozen<map<text, text>>, PRIMARY KEY ((keyspace_name)))",
                    "CREATE TABLE tables (keyspace_name text, table_name text, " + TABLE_OPTION_COLUMNS
                            + "flags frozen<set<text>>, id uuid, PRIMARY KEY ((keyspace_name), table_name))",
                    "CREATE TABLE columns (keyspace_name text, table_name text, column_name text, "
                            + "clustering_order text, column_name_bytes blob, kind text, position int, type text, "
                            + "PRIMARY KEY ((keyspace_name), table_name, column_name))",
                    "CREATE TABLE dropped_columns (keyspace_name text, table_name text, column_name text, "
                            + "dropped_time timestamp, kind text, type text, "
                            + "PRIMARY KEY ((keyspace_name), table_name, column_name))",
                    "CREATE TABLE types (keyspace_name text, type_name text, field_names frozen<list<text>>, "
                            + "field_types frozen<list<text>>, PRIMARY KEY ((keyspace_name), type_name))",
                    "CREATE TABLE functions (keyspace_name text, function_name text, "
                            + "argument_types frozen<list<text>>, argument_names frozen<list<text>>, body text, "
                            + "called_on_null_input boolean, language text, return_type text, "
                            + "PRIMARY KEY ((keyspace_name), function_name, argument_types))",
                    "CREATE TABLE aggregates (keyspace_name text, aggregate_name text, "
                            + "argument_types frozen<list<text>>, final_func text, initcond text, return_type text, "
                            + "state_func text, state_type text, "
                            + "PRIMARY KEY ((keyspace_name), aggregate_name, argument_types))",
                    "CREATE TABLE indexes (keyspace_name text, table_name text, index_name text, kind text, "
                            + "options frozen<map<text, text>>, PRIMARY KEY ((keyspace_name), table_name, index_name))",
                    "CREATE TABLE views (keyspace_name text, view_name text, base_table_id uuid, "
                            + "base_table_name text, " + TABLE_OPTION_COLUMNS + "id uuid, include_all_columns boolean, "
                            + "where_clause text, PRIMARY KEY ((keyspace_name), view_name))",
                    "CREATE TABLE triggers (keyspace_name text, table_name text, trigger_name text, "
                            + "options frozen<map<text, text>>, PRIMARY KEY ((keyspace_name), table_name, trigger_name))"),
            SYSTEM_VIRTUAL_SCHEMA, List.of(
                    "CREATE TABLE keyspaces (keyspace_name text, PRIMARY KEY ((keyspace_name)))",
                    "CREATE TABLE tables (keyspace_name text, table_name text, comment text, "
                            + "PRIMARY KEY ((keyspace_name), table_name))",
                    "CREATE TABLE columns (keyspace_name text, table_name text, column_name text, "
                            + "clustering_order text, column_name_bytes blob, kind text, position int, type text, "
                            + "PRIMARY KEY ((keyspace_name), table_name, column_name))"),
            SYSTEM_VIEWS, List.of(
                    "CREATE TABLE coordinator_metrics (name text, value bigint, PRIMARY KEY ((name)))",
                    "CREATE TABLE repairs (keyspace_name text, table_name text, ranges_repaired bigint, "
                            + "partitions_compared bigint, bytes_compared bigint, mismatches bigint, "
                            + "bytes_streamed bigint, failures bigint, repaired_at timestamp, "
                            + "PRIMARY KEY ((keyspace_name), table_name))",
                    "CREATE TABLE pending_hints (target text, hints bigint, PRIMARY KEY ((target)))",
                    latencyView("local_read_latency"),
                    latencyView("local_scan_latency"),
                    latencyView("local_write_latency"),
                    latencyView("coordinator_read_latency"),
                    latencyView("coordinator_scan_latency"),
                    latencyView("coordinator_write_latency"),
                    "CREATE TABLE disk_usage (keyspace_name text, table_name text, mebibytes bigint, "
                            + "PRIMARY KEY ((keyspace_name, table_name)))",
                    "CREATE TABLE thread_pools (name text, active_tasks int, active_tasks_limit int, "
                            + "blocked_tasks bigint, blocked_tasks_all_time bigint, completed_tasks bigint, "
                            + "core_pool_size int, max_pool_size int, max_tasks_queued int, pending_tasks int, "
                            + "PRIMARY KEY ((name)))",
                    "CREATE TABLE settings (name text, value text, PRIMARY KEY ((name)))",
                    "CREATE TABLE indexes (keyspace_name text, index_name text, table_name text, column_name text, "
                            + "index_kind text, is_queryable boolean, is_building boolean, partitions_indexed bigint, "
                            + "PRIMARY KEY ((keyspace_name), index_name))",
                    "CREATE TABLE clients (address inet, port int, client_options frozen<map<text, text>>, "
                            + "connection_stage text, driver_name text, "
                            + "driver_version text, hostname text, keyspace_name text, protocol_version int, "
                            + "request_count bigint, ssl_cipher_suite text, ssl_enabled boolean, ssl_protocol text, "
                            + "username text, PRIMARY KEY ((address), port))"),
            SYSTEM_TRACES, List.of(
                    "CREATE TABLE sessions (session_id uuid, client inet, command text, coordinator inet, "
                            + "coordinator_port int, duration int, parameters map<text, text>, request text, "
                            + "started_at timestamp, PRIMARY KEY ((session_id)))",
                    "CREATE TABLE events (session_id uuid, event_id timeuuid, activity text, source inet, "
                            + "source_elapsed int, source_port int, thread text, "
                            + "PRIMARY KEY ((session_id), event_id))"),
            SYSTEM_AUTH, List.of(),
            SYSTEM_DISTRIBUTED, List.of());

    /** The replication of the node-local keyspaces, as Cassandra reports it. */
    public static final Map<String, String> LOCAL_REPLICATION = Map.of("class",
            "org.apache.cassandra.locator.LocalStrategy");

    private SystemKeyspaces() {
    }

    public static boolean isSystem(String keyspace) {
        return TABLES.containsKey(keyspace);
    }

    /** Keyspaces whose content is the node's own: schema and local state, never replicated. */
    public static boolean isLocal(String keyspace) {
        return keyspace.equals(SYSTEM) || keyspace.equals(SYSTEM_SCHEMA) || keyspace.equals(SYSTEM_VIRTUAL_SCHEMA)
                || keyspace.equals(SYSTEM_VIEWS);
    }
}
