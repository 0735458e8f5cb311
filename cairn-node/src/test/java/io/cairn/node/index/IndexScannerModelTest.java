package io.cairn.node.index;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.Scheduler;
import io.cairn.common.time.TimeUuids;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cql.type.NativeType;
import io.cairn.node.messages.IndexExpression;
import io.cairn.node.query.Await;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.query.QueryResult;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TokenRange;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One replica's reads through its indexes against the table as stored, under random writes and
 * deletions whose timestamps arrive out of order (as hints, repairs and late coordinators deliver
 * them): an equality on a regular column (legacy index), a static column (storage-attached), a
 * clustering column, and CONTAINS on a set, each read in pages of random sizes, must return
 * exactly the rows the table holds with that value, in scan order. Reads delete the entries their
 * rows prove stale; a write older than such a proof that arrives afterwards must still be found
 * when the table shows it, also after the row it names expired (a TTL proves nothing).
 */
class IndexScannerModelTest {

    private static final int KEYS = 6;
    private static final int CLUSTERINGS = 4;
    private static final int VALUES = 4;

    /** A read meets at most this many tombstones in one test: the stale entries reads delete reach it. */
    private static final int TOMBSTONES_PER_READ = 40;

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private IndexingStorageEngine storage;
    private SchemaManager schema;
    private IndexBuilds builds;
    private IndexScanner scanner;
    private QueryProcessor processor;
    private final ClientSession session = new ClientSession();

    IndexScannerModelTest() {
        start(StorageLimits.DEFAULTS);
    }

    /** A replica anew, its storage keeping {@code limits}. */
    private void start(StorageLimits limits) {
        storage = new IndexingStorageEngine(new KvStorageEngine(new InMemoryKvStore(), clock, new Scheduler() {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
                throw new UnsupportedOperationException();
            }
        }, limits, Duration.ZERO));
        StatementParser parser = new StatementParser();
        SplittableRandom random = new SplittableRandom(1);
        schema = new SchemaManager(storage, clock, random, parser);
        schema.start();
        storage.follow(schema.current());
        builds = new IndexBuilds(storage, clock, Runnable::run);
        schema.addListener(change -> {
            storage.follow(schema.current());
            builds.follow(schema.current());
        });
        builds.start(schema.current());
        scanner = new IndexScanner(storage, builds, clock);
        processor = new QueryProcessor(storage, schema, clock, new TimeUuids(random), parser);
    }

    private QueryResult run(String cql) {
        return Await.result(processor.execute(cql, QueryOptions.DEFAULT, session));
    }

    /** A row as stored: its key, clustering (null: a partition with only its static row) and columns. */
    private record Stored(int k, Integer c, Integer v, Integer s, List<Integer> tags) {
    }

    /** The table as a read at ONE of everything returns it, in scan order. */
    private List<Stored> table() {
        QueryResult.Rows rows = (QueryResult.Rows) run("SELECT k, c, v, s, tags FROM ks.t");
        List<Stored> stored = new ArrayList<>();
        for (List<ByteBuffer> row : rows.rows()) {
            List<Integer> tags = new ArrayList<>();
            if (row.get(4) != null) {
                for (ByteBuffer tag : new io.cairn.cql.type.SetType(NativeType.INT, true).unpack(row.get(4))) {
                    tags.add((Integer) NativeType.INT.compose(tag));
                }
            }
            stored.add(new Stored(integer(row.get(0)), integer(row.get(1)), integer(row.get(2)), integer(row.get(3)),
                    tags));
        }
        return stored;
    }

    private static Integer integer(ByteBuffer value) {
        return value == null ? null : (Integer) NativeType.INT.compose(value);
    }

    /** Every page of a read through the index, as (k, c) of each row (c null for a static row alone). */
    private List<List<Integer>> throughIndex(IndexExpression expression, SplittableRandom random) {
        TableMetadata table = schema.current().table("ks", "t");
        List<List<Integer>> rows = new ArrayList<>();
        ScanPosition position = null;
        int pages = 0;
        do {
            ReadFilter filter = ReadFilter.all(clock.currentTimeSeconds()).withRowLimit(1 + random.nextInt(7));
            ScanPage page = scanner.scan(table, TokenRange.FULL, position, filter, expression);
            for (PartitionData partition : page.partitions()) {
                int k = (Integer) NativeType.INT.compose(
                        io.cairn.node.schema.TableLayout.partitionKeyValues(table, partition.key()).get(0));
                if (partition.rows().isEmpty()) {
                    rows.add(java.util.Arrays.asList(k, null));
                }
                for (Row row : partition.rows()) {
                    rows.add(List.of(k, (Integer) NativeType.INT.compose(
                            io.cairn.node.schema.TableLayout.clusteringValues(table, row.clustering()).get(0))));
                }
            }
            position = page.next();
            assertThat(++pages).isLessThan(1_000);
        } while (position != null);
        return rows;
    }

    private static List<List<Integer>> expected(List<Stored> table, Predicate<Stored> predicate) {
        List<List<Integer>> rows = new ArrayList<>();
        for (Stored row : table) {
            if (predicate.test(row)) {
                rows.add(java.util.Arrays.asList(row.k(), row.c()));
            }
        }
        return rows;
    }

    private static IndexExpression equal(String index, IndexExpression.Operator operator, int value) {
        return IndexExpression.of(index, operator, NativeType.INT.decompose(value).array());
    }

    private void check(String when, SplittableRandom random) {
        List<Stored> table = table();
        for (int value = 0; value < VALUES; value++) {
            int x = value;
            assertThat(throughIndex(equal("t_v_idx", IndexExpression.Operator.EQ, x), random))
                    .as("%s: v = %d", when, x).isEqualTo(expected(table, row -> Integer.valueOf(x).equals(row.v())));
            assertThat(throughIndex(equal("t_s_idx", IndexExpression.Operator.EQ, x), random))
                    .as("%s: s = %d", when, x).isEqualTo(expected(table, row -> Integer.valueOf(x).equals(row.s())));
            assertThat(throughIndex(equal("t_c_idx", IndexExpression.Operator.EQ, x), random))
                    .as("%s: c = %d", when, x).isEqualTo(expected(table, row -> Integer.valueOf(x).equals(row.c())));
            assertThat(throughIndex(equal("t_tags_idx", IndexExpression.Operator.CONTAINS, x), random))
                    .as("%s: tags CONTAINS %d", when, x).isEqualTo(expected(table, row -> row.tags().contains(x)));
        }
    }

    @Test
    void anEntryWhoseRowExpiredIsKeptForAnOlderWriteThatMakesTheRowLiveAgain() {
        run("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        run("CREATE TABLE ks.t (k int, c int, v int, s int static, tags set<int>, PRIMARY KEY (k, c))");
        run("CREATE INDEX ON ks.t (c)");
        run("INSERT INTO ks.t (k, c, v) VALUES (1, 2, 3) USING TIMESTAMP 100 AND TTL 1");
        clock.advance(Duration.ofSeconds(2));
        SplittableRandom random = new SplittableRandom(1);
        assertThat(throughIndex(equal("t_c_idx", IndexExpression.Operator.EQ, 2), random)).as("expired").isEmpty();
        // Older than the entry, yet it makes the row live: the read above must not have deleted the entry.
        run("UPDATE ks.t USING TIMESTAMP 50 SET tags = tags + {7} WHERE k = 1 AND c = 2");
        assertThat(table()).hasSize(1);
        assertThat(throughIndex(equal("t_c_idx", IndexExpression.Operator.EQ, 2), random))
                .containsExactly(List.of(1, 2));
    }

    @Test
    void aValueWhoseStaleEntriesOutnumberTheTombstoneLimitIsStillAnswered() {
        start(new StorageLimits(StorageLimits.DEFAULTS.maxKeyComponentBytes(), StorageLimits.DEFAULTS.maxUpdateBytes(),
                TOMBSTONES_PER_READ));
        run("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        run("CREATE TABLE ks.t (k int, c int, v int, s int static, tags set<int>, PRIMARY KEY (k, c))");
        run("CREATE INDEX ON ks.t (v)");
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 3; round++) {
            // Every row leaves value 1 for 2: each read deletes up to 100 stale entries, which stay as tombstones.
            for (int k = 0; k < 80; k++) {
                run("INSERT INTO ks.t (k, c, v) VALUES (" + k + ", 0, 1) USING TIMESTAMP " + (1000 * round + 2 * k + 1));
                run("INSERT INTO ks.t (k, c, v) VALUES (" + k + ", 0, 2) USING TIMESTAMP " + (1000 * round + 2 * k + 2));
            }
            for (int read = 0; read < 3; read++) {
                assertThat(throughIndex(equal("t_v_idx", IndexExpression.Operator.EQ, 1), random)).isEmpty();
            }
        }
        run("INSERT INTO ks.t (k, c, v) VALUES (5, 0, 1) USING TIMESTAMP 100000");
        assertThat(throughIndex(equal("t_v_idx", IndexExpression.Operator.EQ, 1), random))
                .containsExactly(List.of(5, 0));
    }

    @Test
    void readsThroughIndexesReturnWhatTheTableHoldsUnderWritesAndDeletionsOutOfOrder() {
        run("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        run("CREATE TABLE ks.t (k int, c int, v int, s int static, tags set<int>, PRIMARY KEY (k, c))");
        run("CREATE INDEX ON ks.t (v)");
        run("CREATE INDEX ON ks.t (s) USING 'sai'");
        run("CREATE INDEX ON ks.t (c)");
        run("CREATE INDEX ON ks.t (tags)");
        for (int seed = 0; seed < 12; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            run("TRUNCATE ks.t");
            long time = 1_000_000;
            for (int op = 0; op < 120; op++) {
                time += 10;
                // Up to 100 µs late: a write may arrive after a newer one, or after the read that proved its entry stale.
                long at = time - random.nextInt(100);
                int k = random.nextInt(KEYS);
                int c = random.nextInt(CLUSTERINGS);
                int x = random.nextInt(VALUES);
                if (random.nextInt(20) == 0) {
                    // Cells and rows written with a TTL expire: their entries have nothing to prove them stale.
                    clock.advance(Duration.ofSeconds(3));
                }
                String statement = switch (random.nextInt(11)) {
                    case 0, 1 -> "INSERT INTO ks.t (k, c, v) VALUES (" + k + ", " + c + ", " + x + ") USING TIMESTAMP "
                            + at;
                    case 2 -> "INSERT INTO ks.t (k, c, v) VALUES (" + k + ", " + c + ", " + x + ") USING TIMESTAMP "
                            + at + " AND TTL " + (1 + random.nextInt(5));
                    case 10 -> "UPDATE ks.t USING TIMESTAMP " + at + " AND TTL " + (1 + random.nextInt(5)) + " SET v = "
                            + x + ", tags = tags + {" + x + "} WHERE k = " + k + " AND c = " + c;
                    case 3 -> "UPDATE ks.t USING TIMESTAMP " + at + " SET s = " + x + " WHERE k = " + k;
                    case 4 -> "UPDATE ks.t USING TIMESTAMP " + at + " SET tags = tags + {" + x + "} WHERE k = " + k
                            + " AND c = " + c;
                    case 5 -> "UPDATE ks.t USING TIMESTAMP " + at + " SET tags = tags - {" + x + "} WHERE k = " + k
                            + " AND c = " + c;
                    case 6 -> "DELETE v FROM ks.t USING TIMESTAMP " + at + " WHERE k = " + k + " AND c = " + c;
                    case 7 -> "DELETE FROM ks.t USING TIMESTAMP " + at + " WHERE k = " + k + " AND c = " + c;
                    case 8 -> random.nextBoolean()
                            ? "DELETE FROM ks.t USING TIMESTAMP " + at + " WHERE k = " + k + " AND c >= " + c
                            : "DELETE s FROM ks.t USING TIMESTAMP " + at + " WHERE k = " + k;
                    default -> random.nextInt(4) == 0
                            ? "DELETE FROM ks.t USING TIMESTAMP " + at + " WHERE k = " + k
                            : "UPDATE ks.t USING TIMESTAMP " + at + " SET v = " + x + " WHERE k = " + k + " AND c = " + c;
                };
                run(statement);
                if (op % 15 == 14) {
                    check("seed " + seed + " after " + (op + 1) + " writes", random);
                }
            }
        }
    }
}
