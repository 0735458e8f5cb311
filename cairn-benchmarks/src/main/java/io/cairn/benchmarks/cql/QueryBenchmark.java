package io.cairn.benchmarks.cql;

import io.cairn.common.time.ExecutorScheduler;
import io.cairn.common.time.SystemClock;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cql.type.NativeType;
import io.cairn.node.MeteredStorageEngine;
import io.cairn.node.coordinator.LocalDataCoordinator;
import io.cairn.node.coordinator.MeteredDataCoordinator;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.PreparedStatement;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.query.QueryResult;
import io.cairn.common.time.TimeUuids;
import io.cairn.node.schema.SchemaManager;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.rocksdb.RocksDbConfig;
import io.cairn.storage.rocksdb.RocksDbStorage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The query layer in process, single-threaded: parse+analysis of a typical SELECT and INSERT
 * (what a new, unprepared statement costs), and execution of prepared point SELECTs and
 * INSERTs against the RocksDB engine (100-byte text values, 100,000 partitions preloaded).
 * {@code metrics} measures the same with the node's metrics ({@code on}: the client request and
 * table timers of {@code MeteredDataCoordinator} and {@code MeteredStorageEngine}, in a Prometheus
 * registry, as a node with {@code metrics_enabled: true} has them) and without ({@code off}), so
 * that what metrics cost a statement is the difference, measured in one run.
 *
 * <p>Run: {@code java -jar cairn-benchmarks/target/benchmarks.jar QueryBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Threads(1)
@State(Scope.Benchmark)
public class QueryBenchmark {

    private static final int KEYS = 100_000;
    private static final String SELECT = "SELECT field0, field1 FROM usertable WHERE y_id = ?";
    private static final String INSERT = "INSERT INTO usertable (y_id, field0, field1) VALUES (?, ?, ?)";

    /** Whether statements go through the node's metered coordinator and storage. */
    @Param({"off", "on"})
    public String metrics;

    private Path directory;
    private ExecutorScheduler scheduler;
    private KvStorageEngine storage;
    private QueryProcessor processor;
    private final ClientSession session = new ClientSession("bench");
    private PreparedStatement select;
    private PreparedStatement insert;
    private ByteBuffer value;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("cairn-query-bench");
        scheduler = new ExecutorScheduler("bench", Throwable::printStackTrace);
        SystemClock clock = new SystemClock();
        storage = RocksDbStorage.open(RocksDbConfig.defaults(directory), clock, scheduler);
        StatementParser parser = new StatementParser();
        SchemaManager schema = new SchemaManager(storage, clock, new SplittableRandom(1), parser);
        schema.start();
        if (metrics.equals("on")) {
            io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
                    new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
            processor = new QueryProcessor(new MeteredDataCoordinator(new LocalDataCoordinator(
                    new MeteredStorageEngine(storage, registry, clock), schema, "datacenter1", clock), registry, clock),
                    schema, clock, new TimeUuids(new SplittableRandom(2)), parser);
        } else {
            processor = new QueryProcessor(storage, schema, clock, new TimeUuids(new SplittableRandom(2)), parser);
        }
        answer(processor.execute("CREATE KEYSPACE bench WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 1}", QueryOptions.DEFAULT, session));
        answer(processor.execute("CREATE TABLE usertable (y_id text PRIMARY KEY, field0 text, field1 text)",
                QueryOptions.DEFAULT, session));
        select = processor.prepare(SELECT, session, null);
        insert = processor.prepare(INSERT, session, null);
        value = NativeType.TEXT.decompose("x".repeat(100));
        for (int i = 0; i < KEYS; i++) {
            answer(processor.execute(insert.id(), QueryOptions.DEFAULT.withValues(List.of(key(i), value, value)),
                    session));
        }
        storage.flush();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        storage.close();
        scheduler.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static ByteBuffer key(int i) {
        return NativeType.TEXT.decompose("user" + i);
    }

    @Benchmark
    public void parseAndValidateSelect() {
        processor.validate(SELECT, "bench");
    }

    @Benchmark
    public void parseAndValidateInsert() {
        processor.validate(INSERT, "bench");
    }

    @Benchmark
    public QueryResult executePreparedSelect() {
        return answer(processor.execute(select.id(),
                QueryOptions.DEFAULT.withValues(List.of(key(random.nextInt(KEYS)))), session));
    }

    @Benchmark
    public QueryResult executePreparedInsert() {
        return answer(processor.execute(insert.id(), QueryOptions.DEFAULT.withValues(
                List.of(key(random.nextInt(KEYS)), value, value)), session));
    }

    /** The statement's result: over this node's own storage its stage is complete when execute returns. */
    private static QueryResult answer(CompletionStage<QueryResult> execution) {
        return execution.toCompletableFuture().join();
    }
}
