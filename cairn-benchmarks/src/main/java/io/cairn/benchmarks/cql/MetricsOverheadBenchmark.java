package io.cairn.benchmarks.cql;

import io.cairn.common.time.ExecutorScheduler;
import io.cairn.common.time.SystemClock;
import io.cairn.common.time.TimeUuids;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cql.type.NativeType;
import io.cairn.node.MeteredStorageEngine;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.node.coordinator.LocalDataCoordinator;
import io.cairn.node.coordinator.MeteredDataCoordinator;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.TableLayout;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the node's metrics add to one partition read and one write, in nanoseconds: the same
 * read and write of one row of an in-memory table through this node's coordinator, bare and
 * measured as a node with {@code metrics_enabled: true} measures them (the client request
 * histogram by operation and level, the table's coordinator timer, the table's local timer, in
 * a Prometheus registry). The difference of each pair is the metrics' cost per operation, to set
 * against the CPU a whole request costs a server ({@code cairn bench}'s CPU-µs per operation).
 *
 * <p>Run: {@code java -jar cairn-benchmarks/target/benchmarks.jar MetricsOverheadBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgs = {"-Xmx1g"})
@Threads(1)
@State(Scope.Benchmark)
public class MetricsOverheadBenchmark {

    private ExecutorScheduler scheduler;
    private KvStorageEngine storage;
    private DataCoordinator bare;
    private DataCoordinator metered;
    private TableMetadata table;
    private PartitionKey key;
    private ReadFilter filter;
    private List<PartitionUpdate> update;

    @Setup(Level.Trial)
    public void open() {
        SystemClock clock = new SystemClock();
        scheduler = new ExecutorScheduler("bench", Throwable::printStackTrace);
        storage = new KvStorageEngine(new InMemoryKvStore(), clock, scheduler, StorageLimits.DEFAULTS, Duration.ZERO);
        StatementParser parser = new StatementParser();
        SchemaManager schema = new SchemaManager(storage, clock, new SplittableRandom(1), parser);
        schema.start();
        QueryProcessor processor = new QueryProcessor(storage, schema, clock, new TimeUuids(new SplittableRandom(2)),
                parser);
        ClientSession session = new ClientSession("bench");
        processor.execute("CREATE KEYSPACE bench WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 1}", QueryOptions.DEFAULT, session).toCompletableFuture().join();
        processor.execute("CREATE TABLE usertable (y_id text PRIMARY KEY, field0 text, field1 text)",
                QueryOptions.DEFAULT, session).toCompletableFuture().join();
        table = schema.current().table("bench", "usertable");
        ByteBuffer id = NativeType.TEXT.decompose("user1");
        ByteBuffer value = NativeType.TEXT.decompose("x".repeat(100));
        key = TableLayout.partitionKey(table, List.of(id));
        update = List.of(SchemaRows.row(table, Map.of("y_id", id, "field0", value, "field1", value),
                clock.currentTimeMicros()));
        filter = ReadFilter.all(clock.currentTimeSeconds());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bare = new LocalDataCoordinator(storage, schema, "datacenter1", clock);
        metered = new MeteredDataCoordinator(new LocalDataCoordinator(new MeteredStorageEngine(storage, registry,
                clock), schema, "datacenter1", clock), registry, clock);
        bare.write(table, update, ConsistencyLevel.ONE).toCompletableFuture().join();
    }

    @TearDown(Level.Trial)
    public void close() {
        storage.close();
        scheduler.close();
    }

    @Benchmark
    public PartitionData readBare() {
        return bare.read(table, key, filter, ConsistencyLevel.ONE).toCompletableFuture().join();
    }

    @Benchmark
    public PartitionData readMetered() {
        return metered.read(table, key, filter, ConsistencyLevel.ONE).toCompletableFuture().join();
    }

    @Benchmark
    public Void writeBare() {
        return bare.write(table, update, ConsistencyLevel.ONE).toCompletableFuture().join();
    }

    @Benchmark
    public Void writeMetered() {
        return metered.write(table, update, ConsistencyLevel.ONE).toCompletableFuture().join();
    }
}
