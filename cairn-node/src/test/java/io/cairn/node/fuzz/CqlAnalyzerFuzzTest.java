package io.cairn.node.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.TimeUuids;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.schema.SchemaManager;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Fuzz target: the CQL parser and analyser together, against a schema with tables of every
 * kind of column (collections, user types, static and clustering columns): any text a client
 * sends is parsed and worked out against the schema without running. The only failure allowed
 * is a {@link CqlException} (the client's error); anything else, a hang or running out of memory
 * is a bug. {@code JAZZER_FUZZ=1} fuzzes.
 */
class CqlAnalyzerFuzzTest {

    private static final String[] SCHEMA = {
            "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
            "CREATE TYPE ks.address (street text, city text, zip int)",
            "CREATE TABLE ks.t (k int, c text, s int static, v bigint, l list<int>, m map<text, frozen<address>>, "
                    + "st set<uuid>, tu tuple<int, text>, PRIMARY KEY ((k), c)) WITH CLUSTERING ORDER BY (c DESC)",
            "CREATE TABLE ks.kv (k text PRIMARY KEY, v blob, n counter)",
            "CREATE TABLE ks.wide (a int, b int, c int, d timestamp, e varint, f decimal, g duration, "
                    + "PRIMARY KEY ((a, b), c, d))"};

    private static final QueryProcessor PROCESSOR = processor();

    private static QueryProcessor processor() {
        ManualClock clock = new ManualClock(1_750_000_000_000_000L);
        KvStorageEngine storage = new KvStorageEngine(new InMemoryKvStore(), clock, new VirtualScheduler(clock),
                StorageLimits.DEFAULTS, Duration.ZERO);
        StatementParser parser = new StatementParser();
        SchemaManager schema = new SchemaManager(storage, clock, new SplittableRandom(1), parser);
        schema.start();
        QueryProcessor processor = new QueryProcessor(storage, schema, clock, new TimeUuids(new SplittableRandom(2)),
                parser);
        ClientSession session = new ClientSession();
        for (String ddl : SCHEMA) {
            try {
                processor.execute(ddl, QueryOptions.DEFAULT, session).toCompletableFuture().join();
            } catch (java.util.concurrent.CompletionException e) {
                // A counter table is refused where counters are not supported: the others are enough.
            }
        }
        return processor;
    }

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void analysesAnyText(FuzzedDataProvider data) {
        String cql = data.consumeRemainingAsString();
        try {
            PROCESSOR.validate(cql, "ks");
        } catch (CqlException answered) {
            // The client's error.
        }
    }
}
