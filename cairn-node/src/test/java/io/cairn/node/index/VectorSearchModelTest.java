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
import io.cairn.node.schema.TableLayout;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TokenRange;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One replica's nearest-neighbour searches against the table as stored, under random inserts,
 * updates of vectors, deletions of cells, rows and partitions, and TTLs, with timestamps out of
 * order: a search through the graph returns only rows that hold, now, the vector it reports, as
 * many as asked for while the table has them, and nearly the exact nearest (recall against
 * comparing every row); a search restricted by another index, or of one partition, is exact. The
 * graph filled from the table (a new index, a restart) answers as the one writes kept.
 */
class VectorSearchModelTest {

    private static final int DIMENSION = 8;
    private static final int KEYS = 60;
    private static final int CLUSTERINGS = 8;
    private static final int CATEGORIES = 4;

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private KvStorageEngine stored;
    private IndexingStorageEngine storage;
    private SchemaManager schema;
    private IndexScanner scanner;
    private QueryProcessor processor;
    private final ClientSession session = new ClientSession();

    VectorSearchModelTest() {
        fresh();
    }

    /** A replica with nothing stored. */
    private void fresh() {
        stored = new KvStorageEngine(new InMemoryKvStore(), clock, new Scheduler() {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
                throw new UnsupportedOperationException();
            }
        }, StorageLimits.DEFAULTS, Duration.ZERO);
        start();
    }

    /** The replica (again, over the same stored data: a restart), its graphs filled on this thread. */
    private void start() {
        VectorIndexes vectors = new VectorIndexes(stored, clock, Runnable::run, ForkJoinPool.commonPool());
        storage = new IndexingStorageEngine(stored, vectors);
        StatementParser parser = new StatementParser();
        SplittableRandom random = new SplittableRandom(1);
        schema = new SchemaManager(storage, clock, random, parser);
        schema.start();
        storage.follow(schema.current());
        IndexBuilds builds = new IndexBuilds(storage, clock, Runnable::run);
        schema.addListener(change -> {
            storage.follow(schema.current());
            builds.follow(schema.current());
        });
        builds.start(schema.current());
        scanner = new IndexScanner(storage, builds, clock, vectors);
        processor = new QueryProcessor(storage, schema, clock, new TimeUuids(random), parser);
    }

    private QueryResult run(String cql) {
        return Await.result(processor.execute(cql, QueryOptions.DEFAULT, session));
    }

    /** A row as stored: its key, clustering, vector and category. */
    private record Stored(int k, int c, float[] v, Integer category) {
    }

    private List<Stored> table() {
        QueryResult.Rows rows = (QueryResult.Rows) run("SELECT k, c, v, category FROM ks.t");
        List<Stored> table = new ArrayList<>();
        for (List<ByteBuffer> row : rows.rows()) {
            table.add(new Stored((Integer) NativeType.INT.compose(row.get(0)),
                    (Integer) NativeType.INT.compose(row.get(1)), row.get(2) == null ? null : floats(row.get(2)),
                    row.get(3) == null ? null : (Integer) NativeType.INT.compose(row.get(3))));
        }
        return table;
    }

    private static float[] floats(ByteBuffer value) {
        ByteBuffer buffer = value.duplicate();
        float[] vector = new float[buffer.remaining() / Float.BYTES];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = buffer.getFloat();
        }
        return vector;
    }

    private static byte[] bytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES);
        for (float component : vector) {
            buffer.putFloat(component);
        }
        return buffer.array();
    }

    private static String literal(float[] vector) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < vector.length; i++) {
            text.append(i == 0 ? "" : ", ").append(vector[i]);
        }
        return text.append(']').toString();
    }

    private static float[] randomVector(SplittableRandom random) {
        float[] vector = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return vector;
    }

    /** A row found by a search: its key, clustering and the vector it holds. */
    private record Found(int k, int c, float[] v) {
    }

    private List<Found> search(float[] query, int neighbours, List<IndexExpression> restrictions, TokenRange range) {
        TableMetadata table = schema.current().table("ks", "t");
        ScanPage page = scanner.scan(table, range, null, ReadFilter.all(clock.currentTimeSeconds()),
                IndexExpression.ann("t_v", bytes(query), neighbours, restrictions));
        assertThat(page.hasMorePages()).as("a search answers in one page").isFalse();
        List<Found> found = new ArrayList<>();
        for (PartitionData partition : page.partitions()) {
            int k = (Integer) NativeType.INT.compose(TableLayout.partitionKeyValues(table, partition.key()).get(0));
            for (Row row : partition.rows()) {
                int c = (Integer) NativeType.INT.compose(TableLayout.clusteringValues(table, row.clustering()).get(0));
                found.add(new Found(k, c, floats(ByteBuffer.wrap(row.cell("v").value()))));
            }
        }
        return found;
    }

    private static float similarity(float[] left, float[] right) {
        return VectorSimilarity.compare("EUCLIDEAN", bytes(left), bytes(right));
    }

    /** The {@code neighbours} rows of {@code rows} nearest {@code query}, by comparing every one. */
    private static List<Stored> exact(List<Stored> rows, float[] query, int neighbours) {
        List<Stored> withVectors = new ArrayList<>(rows.stream().filter(row -> row.v() != null).toList());
        withVectors.sort(Comparator.comparingDouble((Stored row) -> similarity(row.v(), query)).reversed());
        return withVectors.subList(0, Math.min(neighbours, withVectors.size()));
    }

    /** Random writes of vectors and categories, updates and deletions, some expiring, timestamps out of order. */
    private void write(SplittableRandom random, int writes) {
        for (int i = 0; i < writes; i++) {
            int k = random.nextInt(KEYS);
            int c = random.nextInt(CLUSTERINGS);
            long timestamp = 1_000 + random.nextInt(100_000);
            int kind = random.nextInt(20);
            String ttl = random.nextInt(10) == 0 ? " AND TTL " + (1 + random.nextInt(5)) : "";
            if (kind < 14) {
                run("INSERT INTO ks.t (k, c, v, category) VALUES (" + k + ", " + c + ", "
                        + literal(randomVector(random)) + ", " + random.nextInt(CATEGORIES) + ") USING TIMESTAMP "
                        + timestamp + ttl);
            } else if (kind < 17) {
                run("UPDATE ks.t USING TIMESTAMP " + timestamp + ttl + " SET v = " + literal(randomVector(random))
                        + " WHERE k = " + k + " AND c = " + c);
            } else if (kind == 17) {
                run("DELETE v FROM ks.t USING TIMESTAMP " + timestamp + " WHERE k = " + k + " AND c = " + c);
            } else if (kind == 18) {
                run("DELETE FROM ks.t USING TIMESTAMP " + timestamp + " WHERE k = " + k + " AND c = " + c);
            } else {
                run("DELETE FROM ks.t USING TIMESTAMP " + timestamp + " WHERE k = " + k);
            }
            if (random.nextInt(50) == 0) {
                clock.advance(Duration.ofSeconds(2));
            }
        }
    }

    /**
     * Searches through the graph: only rows that hold the vector reported, as many as wanted while
     * there are, and recall against the exact answer of at least {@code minRecall} over all queries.
     */
    private void checkSearches(String when, SplittableRandom random, double minRecall) {
        List<Stored> table = table();
        Map<List<Integer>, float[]> held = new HashMap<>();
        for (Stored row : table) {
            if (row.v() != null) {
                held.put(List.of(row.k(), row.c()), row.v());
            }
        }
        int hits = 0;
        int wanted = 0;
        for (int query = 0; query < 30; query++) {
            float[] target = randomVector(random);
            int neighbours = 1 + random.nextInt(20);
            List<Found> found = search(target, neighbours, List.of(), TokenRange.FULL);
            Set<List<Integer>> keys = new HashSet<>();
            for (Found row : found) {
                List<Integer> key = List.of(row.k(), row.c());
                assertThat(held.get(key)).as("%s: row %s holds the vector found", when, key).isEqualTo(row.v());
                assertThat(keys.add(key)).as("%s: row %s found once", when, key).isTrue();
            }
            List<Stored> exact = exact(table, target, neighbours);
            assertThat(found).as("%s: as many rows as asked for, while the table has them", when)
                    .hasSize(exact.size());
            for (Stored row : exact) {
                if (keys.contains(List.of(row.k(), row.c()))) {
                    hits++;
                }
            }
            wanted += exact.size();

            // Restricted by other indexes: every row they admit compared, exact.
            int category = random.nextInt(CATEGORIES);
            IndexExpression inCategory = IndexExpression.of("t_category", IndexExpression.Operator.EQ,
                    NativeType.INT.decompose(category).array());
            List<Found> restricted = search(target, neighbours, List.of(inCategory), TokenRange.FULL);
            List<Stored> expected = exact(table.stream().filter(row -> Integer.valueOf(category)
                    .equals(row.category())).toList(), target, neighbours);
            assertThat(keysOf(restricted)).as("%s: category = %d", when, category)
                    .isEqualTo(new HashSet<>(expected.stream().map(row -> List.of(row.k(), row.c())).toList()));
            // ... and two of them, ANDed: the second one's rows are not found through its index.
            IndexExpression lowClusterings = new IndexExpression("t_c", IndexExpression.Operator.RANGE,
                    java.util.Arrays.asList(null, NativeType.INT.decompose(CLUSTERINGS / 2).array()), true, false);
            List<Found> both = search(target, neighbours, List.of(inCategory, lowClusterings), TokenRange.FULL);
            List<Stored> expectedBoth = exact(table.stream().filter(row -> Integer.valueOf(category)
                    .equals(row.category()) && row.c() < CLUSTERINGS / 2).toList(), target, neighbours);
            assertThat(keysOf(both)).as("%s: category = %d AND c < %d", when, category, CLUSTERINGS / 2)
                    .isEqualTo(new HashSet<>(expectedBoth.stream().map(row -> List.of(row.k(), row.c())).toList()));
        }
        double recall = wanted == 0 ? 1 : (double) hits / wanted;
        assertThat(recall).as("%s: recall against the exact nearest", when).isGreaterThanOrEqualTo(minRecall);
    }

    private static Set<List<Integer>> keysOf(List<Found> found) {
        Set<List<Integer>> keys = new HashSet<>();
        for (Found row : found) {
            keys.add(List.of(row.k(), row.c()));
        }
        return keys;
    }

    private void create(boolean indexFirst) {
        run("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        run("CREATE TABLE ks.t (k int, c int, v vector<float, " + DIMENSION + ">, category int, PRIMARY KEY (k, c))");
        run("CREATE CUSTOM INDEX t_category ON ks.t (category) USING 'sai'");
        run("CREATE CUSTOM INDEX t_c ON ks.t (c) USING 'sai'");
        if (indexFirst) {
            createVectorIndex();
        }
    }

    private void createVectorIndex() {
        run("CREATE CUSTOM INDEX t_v ON ks.t (v) USING 'sai' WITH OPTIONS = {'similarity_function': 'euclidean'}");
    }

    @Test
    void searchesFindRowsThatHoldTheirVectorsNearlyAsExactlyAsComparingEveryRow() {
        for (long seed = 1; seed <= 4; seed++) {
            fresh();
            SplittableRandom random = new SplittableRandom(seed);
            create(true);
            for (int round = 0; round < 3; round++) {
                write(random, 250);
                checkSearches("seed " + seed + " round " + round, random, 0.9);
            }
        }
    }

    @Test
    void aGraphFilledFromTheTableAnswersAsTheOneWritesKept() {
        SplittableRandom random = new SplittableRandom(7);
        create(false);
        write(random, 400);
        createVectorIndex();
        VectorIndex graph = storage.vectors().get(schema.current().table("ks", "t").tableId(), "t_v");
        assertThat(graph.isReady()).as("filled on this thread").isTrue();
        checkSearches("a new index", random, 0.9);
        write(random, 200);
        start();   // a restart: the graph is filled again from what is stored
        checkSearches("after a restart", random, 0.9);
    }

    @Test
    void aSearchOfOnePartitionComparesItsRows() {
        SplittableRandom random = new SplittableRandom(11);
        create(true);
        write(random, 300);
        TableMetadata table = schema.current().table("ks", "t");
        List<Stored> rows = table();
        for (int k = 0; k < 10; k++) {
            int key = k;
            long token = TableLayout.partitionKey(table, List.of(NativeType.INT.decompose(key))).token();
            float[] target = randomVector(random);
            List<Found> found = search(target, 3, List.of(), new TokenRange(token, true, token, true));
            List<Stored> expected = exact(rows.stream().filter(row -> row.k() == key).toList(), target, 3);
            assertThat(keysOf(found)).isEqualTo(new HashSet<>(expected.stream()
                    .map(row -> List.of(row.k(), row.c())).toList()));
        }
    }

    @Test
    void aTruncatedTablesSearchFindsNothingAndThenWhatIsWrittenAfter() {
        SplittableRandom random = new SplittableRandom(3);
        create(true);
        write(random, 100);
        run("TRUNCATE ks.t");
        assertThat(search(randomVector(random), 5, List.of(), TokenRange.FULL)).isEmpty();
        run("INSERT INTO ks.t (k, c, v) VALUES (1, 1, " + literal(randomVector(random)) + ")");
        assertThat(search(randomVector(random), 5, List.of(), TokenRange.FULL)).hasSize(1);
    }
}
