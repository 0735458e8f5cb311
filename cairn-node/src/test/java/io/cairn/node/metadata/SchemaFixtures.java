package io.cairn.node.metadata;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.UserType;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaChange;
import io.cairn.node.schema.SchemaManager;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Schemas made the way a node makes them: DDL run through {@link SchemaManager} on an in-memory
 * node (its system keyspaces included), with a manual clock and a seeded random source.
 */
public final class SchemaFixtures {

    /** DDL whose schema uses every part of the model the log must carry. */
    public static final String[] RICH_SCHEMA = {
        "CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}"
                + " AND durable_writes = false",
        "CREATE TYPE shop.address (street text, \"Zip\" int, tags frozen<set<text>>)",
        "CREATE TYPE shop.person (name text, home frozen<address>, phones frozen<list<text>>)",
        "CREATE TYPE shop.\"Empty\" (only boolean)",
        "CREATE TABLE shop.orders (customer uuid, day date, seq timeuuid, total decimal, note text static,"
                + " items map<text, int>, tags set<text>, lines list<frozen<tuple<text, int, double>>>,"
                + " owner frozen<person>, people frozen<map<text, frozen<person>>>, \"MixedCase\" blob,"
                + " nested frozen<list<frozen<set<int>>>>, PRIMARY KEY ((customer, day), seq, total))"
                + " WITH CLUSTERING ORDER BY (seq DESC, total ASC) AND comment = 'orders, by day'"
                + " AND default_time_to_live = 3600 AND gc_grace_seconds = 7200 AND bloom_filter_fp_chance = 0.05"
                + " AND caching = {'keys': 'NONE', 'rows_per_partition': '10'}"
                + " AND compaction = {'class': 'LeveledCompactionStrategy', 'sstable_size_in_mb': '160'}"
                + " AND compression = {'enabled': 'false'} AND speculative_retry = '50ms'"
                + " AND additional_write_policy = 'NEVER' AND read_repair = 'NONE' AND crc_check_chance = 0.5"
                + " AND memtable_flush_period_in_ms = 60000 AND min_index_interval = 64"
                + " AND max_index_interval = 1024 AND cdc = true AND allow_auto_snapshot = false"
                + " AND incremental_backups = false",
        "CREATE TABLE shop.hits (page text PRIMARY KEY, views bigint, first inet, ratio float, small tinyint)",
        "CREATE TABLE shop.\"Events\" (k int, c1 text, c2 bigint, at timestamp, took duration, who frozen<address>,"
                + " PRIMARY KEY (k, c1, c2)) WITH CLUSTERING ORDER BY (c1 DESC, c2 DESC)",
        "ALTER TABLE shop.orders DROP tags",
        "ALTER TABLE shop.orders DROP note",
        "ALTER TABLE shop.orders ADD extra varint",
        "ALTER TABLE shop.orders ADD tags set<text>",
        "CREATE KEYSPACE scratch WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}",
        "CREATE TABLE scratch.kv (k blob PRIMARY KEY, v ascii)",
    };

    private final ManualClock clock = new ManualClock(1_750_000_000_123_456L);
    private final StatementParser parser = new StatementParser();
    private final SchemaManager schema;

    /** A node with its system keyspaces and nothing else. */
    public SchemaFixtures() {
        KvStorageEngine storage = new KvStorageEngine(new InMemoryKvStore(), clock, new VirtualScheduler(clock),
                StorageLimits.DEFAULTS, Duration.ZERO);
        schema = new SchemaManager(storage, clock, new SplittableRandom(7), parser);
        schema.start();
    }

    /** A node on which {@link #RICH_SCHEMA} has run. */
    public static SchemaFixtures rich() {
        SchemaFixtures node = new SchemaFixtures();
        for (String ddl : RICH_SCHEMA) {
            node.run(ddl);
        }
        return node;
    }

    /** Runs one DDL statement, a little later than the last, and returns the change it made. */
    public SchemaChange run(String ddl) {
        clock.advance(Duration.ofMillis(3).plusNanos(217_000));
        return schema.apply(parser.parse(ddl).statement(), null);
    }

    public Schema schema() {
        return schema.current();
    }

    public KeyspaceMetadata keyspace(String name) {
        return schema.current().keyspace(name);
    }

    /**
     * Keyspace "chain" with user types t0..t(n-1), each but the last using the next: named in
     * the opposite order of their dependencies, the hardest order to load them in.
     */
    public static KeyspaceMetadata typeChain(int types) {
        KeyspaceMetadata keyspace = new KeyspaceMetadata("chain", true,
                Map.of("class", "org.apache.cassandra.locator.SimpleStrategy", "replication_factor", "1"),
                Map.of(), Map.of());
        UserType next = new UserType("chain", "t" + (types - 1), List.of("x"), List.of(NativeType.INT), false);
        keyspace = keyspace.withType(next);
        for (int i = types - 2; i >= 0; i--) {
            next = new UserType("chain", "t" + i, List.of("x"), List.of(next.freeze()), false);
            keyspace = keyspace.withType(next);
        }
        return keyspace;
    }
}
