package io.cairn.benchmarks.storage;

import io.cairn.common.time.ExecutorScheduler;
import io.cairn.common.time.SystemClock;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
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
import org.openjdk.jmh.infra.Blackhole;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The storage engine's single-threaded write and point-read rates against raw rocksdbjni
 * merges and gets of the same sizes on the same settings: 100-byte values, a million distinct
 * partitions. The engine's overhead is the ratio of the pairs.
 *
 * <p>Run: {@code java -jar cairn-benchmarks/target/benchmarks.jar StorageEngineBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Threads(1)
@State(Scope.Benchmark)
public class StorageEngineBenchmark {

    private static final TableId TABLE = new TableId("bench", "usertable");
    private static final int VALUE_BYTES = 100;
    private static final long BLOCK_CACHE_BYTES = 64L * 1024 * 1024;
    private static final long WRITE_BUFFER_BYTES = 32L * 1024 * 1024;

    @Param("1000000")
    int keys;

    private Path directory;
    private ExecutorScheduler scheduler;
    private KvStorageEngine engine;
    private RocksDB raw;
    private Options rawOptions;
    private WriteOptions rawWriteOptions;
    private LRUCache rawCache;
    private BloomFilter rawBloom;
    private byte[] value;
    private long nowSeconds;
    private ReadFilter pointRead;
    private long writeCounter;
    private final Random random = new Random(42);

    @Setup(Level.Trial)
    public void open() throws IOException, RocksDBException {
        RocksDB.loadLibrary();
        directory = Files.createTempDirectory("cairn-storage-bench");
        scheduler = new ExecutorScheduler("bench", Throwable::printStackTrace);
        engine = RocksDbStorage.open(RocksDbConfig.defaults(directory.resolve("engine")), new SystemClock(), scheduler);
        engine.createTable(TABLE, TableOptions.DEFAULTS);

        rawCache = new LRUCache(BLOCK_CACHE_BYTES);
        rawBloom = new BloomFilter(10);
        rawOptions = new Options().setCreateIfMissing(true).setMergeOperatorName("max")
                .setWriteBufferSize(WRITE_BUFFER_BYTES).setMaxBackgroundJobs(2)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(rawCache).setFilterPolicy(rawBloom));
        raw = RocksDB.open(rawOptions, directory.resolve("raw").toString());
        rawWriteOptions = new WriteOptions().setSync(false);

        value = new byte[VALUE_BYTES];
        new Random(1).nextBytes(value);
        nowSeconds = new SystemClock().currentTimeSeconds();
        pointRead = ReadFilter.all(nowSeconds);
        for (int i = 0; i < keys; i++) {
            engine.apply(TABLE, update(i, 1));
            raw.merge(rawWriteOptions, rawKey(i), rawValue(1));
        }
        engine.flush();
        raw.flushWal(true);
        try (var flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            raw.flush(flush);
        }
        writeCounter = 2;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        engine.close();
        scheduler.close();
        raw.close();
        rawWriteOptions.close();
        rawOptions.close();
        rawBloom.close();
        rawCache.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static PartitionKey partition(int i) {
        long key = i;
        return new PartitionKey(key * 0x9E3779B97F4A7C15L, ByteBuffer.allocate(8).putLong(key).array());
    }

    private PartitionUpdate update(int i, long timestamp) {
        return PartitionUpdate.builder(partition(i))
                .row(Row.builder(Clustering.EMPTY).cell(Cell.live("field0", value, timestamp)).build())
                .build();
    }

    /** A key of the engine's size for the same cell: token, partition key, markers, column name. */
    private static byte[] rawKey(int i) {
        long key = i;
        return ByteBuffer.allocate(8 + 8 + 4 + 2 + 8).putLong(key * 0x9E3779B97F4A7C15L).putLong(key)
                .putInt(0x03000002).putShort((short) 0).put("field0\0\0".getBytes()).array();
    }

    private byte[] rawValue(long timestamp) {
        return ByteBuffer.allocate(9 + VALUE_BYTES).putLong(timestamp).put((byte) 0).put(value).array();
    }

    @Benchmark
    public void engineWrite() {
        long n = writeCounter++;
        engine.apply(TABLE, update((int) (n % keys), n));
    }

    @Benchmark
    public void rawMerge() throws RocksDBException {
        long n = writeCounter++;
        raw.merge(rawWriteOptions, rawKey((int) (n % keys)), rawValue(n));
    }

    @Benchmark
    public void enginePointRead(Blackhole blackhole) {
        PartitionData data = engine.read(TABLE, partition(random.nextInt(keys)), pointRead);
        blackhole.consume(data);
    }

    @Benchmark
    public void rawGet(Blackhole blackhole) throws RocksDBException {
        blackhole.consume(raw.get(rawKey(random.nextInt(keys))));
    }
}
