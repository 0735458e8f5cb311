package io.cairn.node.metadata.log;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.Initialize;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.MetadataSamples;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.metadata.Transformation;
import io.cairn.node.metadata.TruncateTable;
import io.cairn.node.metadata.Unregister;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.ColumnKind;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.schema.TableParams;
import io.cairn.storage.CorruptDataException;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableId;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import io.cairn.storage.rocksdb.RocksDbConfig;
import io.cairn.storage.rocksdb.RocksDbKvStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local log keeps what it was given across a restart, on either storage engine: entries
 * in epoch order, read in bounded batches, and the newest snapshots.
 */
class StorageLogStoreTest {

    enum Engine { IN_MEMORY, ROCKSDB }

    private final ManualClock clock = new ManualClock(1_750_000_000_000_000L);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    @TempDir
    Path directory;
    private Engine engine;
    private KvStorageEngine storage;

    private StorageLogStore open(Engine chosen) {
        engine = chosen;
        storage = new KvStorageEngine(chosen == Engine.ROCKSDB
                ? new RocksDbKvStore(RocksDbConfig.defaults(directory), scheduler) : new InMemoryKvStore(),
                clock, scheduler, StorageLimits.DEFAULTS, Duration.ZERO);
        return new StorageLogStore(storage, clock);
    }

    /** The store as a restarted node finds it: RocksDB closed and opened again, memory kept. */
    private StorageLogStore reopen() {
        if (engine == Engine.IN_MEMORY) {
            return new StorageLogStore(storage, clock);
        }
        storage.close();
        return open(Engine.ROCKSDB);
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void entriesComeBackInEpochOrderAfterAnyEpochAndAtMostAsManyAsAsked(Engine chosen) {
        StorageLogStore log = open(chosen);
        List<LogEntry> entries = MetadataSamples.entries();
        entries.forEach(log::append);

        assertThat(log.entriesAfter(Epoch.EMPTY, 1_000)).isEqualTo(entries);
        assertThat(log.entriesAfter(Epoch.of(10), 5)).isEqualTo(entries.subList(10, 15));
        assertThat(log.entriesAfter(Epoch.of(entries.size() - 1), 5)).containsExactly(entries.get(entries.size() - 1));
        assertThat(log.entriesAfter(Epoch.of(entries.size()), 5)).isEmpty();
        assertThat(log.entriesAfter(Epoch.EMPTY, 0)).isEmpty();
        assertThatThrownBy(() -> log.entriesAfter(Epoch.EMPTY, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aLongLogIsReadInBatchesAndInOrder(Engine chosen) {
        StorageLogStore log = open(chosen);
        int count = StorageLogStore.ENTRIES_PER_READ * 2 + 17;
        List<LogEntry> entries = new ArrayList<>();
        for (long epoch = 1; epoch <= count; epoch++) {
            entries.add(new LogEntry(Epoch.of(epoch), -epoch, new TruncateTable(new TableId("ks", "t"), epoch)));
        }
        // Appended out of order (as after a replay), read in epoch order.
        for (int i = entries.size() - 1; i >= 0; i--) {
            log.append(entries.get(i));
        }

        assertThat(log.entriesAfter(Epoch.EMPTY, Integer.MAX_VALUE)).isEqualTo(entries);
        assertThat(log.entriesAfter(Epoch.of(100), 300)).isEqualTo(entries.subList(100, 400));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anEpochHoldsOneEntry(Engine chosen) {
        StorageLogStore log = open(chosen);
        LogEntry entry = new LogEntry(Epoch.of(7), 42, new Unregister(new NodeId(new UUID(0, 3))));
        log.append(entry);
        log.append(entry);

        assertThat(log.entriesAfter(Epoch.EMPTY, 10)).containsExactly(entry);
        LogEntry other = new LogEntry(Epoch.of(7), 43, new Unregister(new NodeId(new UUID(0, 4))));
        assertThatThrownBy(() -> log.append(other)).isInstanceOf(IllegalStateException.class)
                .hasMessage("The metadata log holds entry 42 (UNREGISTER) at epoch 7, not entry 43 (UNREGISTER):"
                        + " an epoch's entry is decided once");
        assertThat(log.entriesAfter(Epoch.EMPTY, 10)).containsExactly(entry);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theLatestSnapshotIsTheNewestSavedAndOnlyTheNewestFewAreKept(Engine chosen) {
        StorageLogStore log = open(chosen);
        assertThat(log.latestSnapshot()).isEmpty();
        List<MetadataSamples.Step> history = MetadataSamples.history();
        List<ClusterMetadata> saved = new ArrayList<>();
        for (int i = 0; i < history.size(); i += 5) {
            saved.add(history.get(i).after());
        }
        saved.forEach(log::saveSnapshot);
        ClusterMetadata newest = saved.get(saved.size() - 1);

        assertThat(log.latestSnapshot()).contains(newest);
        assertThat(storedSnapshotEpochs()).containsExactlyElementsOf(saved.subList(saved.size() - 4, saved.size())
                .stream().map(snapshot -> snapshot.epoch().value()).toList());

        // An older snapshot saved late is not kept, and the newest stays the latest.
        log.saveSnapshot(saved.get(0));
        log.saveSnapshot(newest);
        assertThat(log.latestSnapshot()).contains(newest);
        assertThat(storedSnapshotEpochs()).hasSize(StorageLogStore.SNAPSHOTS_KEPT);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aSnapshotLargerThanAChunkIsStoredInChunksAndReadWhole(Engine chosen) {
        StorageLogStore log = open(chosen);
        ClusterMetadata big = initializedWith(schemaOfBytes(StorageLogStore.SNAPSHOT_CHUNK_BYTES * 5 / 2));
        log.saveSnapshot(big);

        assertThat(log.latestSnapshot()).contains(big);
        assertThat(rows(LogTables.SNAPSHOTS)).hasSize(3);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRestartFindsTheSameEntriesAndSnapshot(Engine chosen) {
        StorageLogStore log = open(chosen);
        List<MetadataSamples.Step> history = MetadataSamples.history();
        history.forEach(step -> log.append(step.entry()));
        log.saveSnapshot(history.get(20).after());
        log.saveSnapshot(history.get(30).after());

        StorageLogStore restarted = reopen();

        assertThat(restarted.latestSnapshot()).contains(history.get(30).after());
        assertThat(restarted.entriesAfter(history.get(30).after().epoch(), 1_000))
                .isEqualTo(history.subList(31, history.size()).stream().map(MetadataSamples.Step::entry).toList());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anUnreadableStoredEntryIsReportedAsCorruptData(Engine chosen) {
        StorageLogStore log = open(chosen);
        storage.apply(LogTables.LOG.tableId(), SchemaRows.row(LogTables.LOG, Map.of(
                LogTables.KEY, SchemaRows.text(LogTables.LOG_PARTITION), LogTables.EPOCH, LogTables.bigint(3),
                LogTables.ENTRY, ByteBuffer.wrap(new byte[] {1, 0, 0, 0})), 3));

        assertThatThrownBy(() -> log.entriesAfter(Epoch.EMPTY, 10)).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("The entry of epoch 3 in system.metadata_log cannot be read")
                .hasMessageContaining("expected a long");
    }

    private List<Row> rows(TableMetadata table) {
        return storage.read(table.tableId(), table == LogTables.LOG ? LogTables.LOG_KEY : LogTables.SNAPSHOTS_KEY,
                ReadFilter.all(clock.currentTimeSeconds())).rows();
    }

    private List<Long> storedSnapshotEpochs() {
        return rows(LogTables.SNAPSHOTS).stream().map(row -> LogTables.epochOf(LogTables.SNAPSHOTS, row))
                .distinct().toList();
    }

    /** A schema whose tables' comments add up to about {@code bytes}. */
    private static Schema schemaOfBytes(int bytes) {
        Map<String, KeyspaceMetadata> keyspaces = new TreeMap<>();
        KeyspaceMetadata keyspace = new KeyspaceMetadata("big", true, Map.of("class", "SimpleStrategy"), Map.of(),
                Map.of());
        int perTable = 500_000;
        for (int i = 0; i * perTable < bytes; i++) {
            TableParams params = TableParams.DEFAULTS;
            params = new TableParams("c".repeat(perTable) + i, params.defaultTimeToLiveSeconds(),
                    params.gcGraceSeconds(), params.bloomFilterFpChance(), params.crcCheckChance(), params.caching(),
                    params.compaction(), params.compression(), params.speculativeRetry(),
                    params.additionalWritePolicy(), params.readRepair(), params.memtableFlushPeriodMillis(),
                    params.minIndexInterval(), params.maxIndexInterval(), params.cdc(), params.allowAutoSnapshot(),
                    params.incrementalBackups());
            keyspace = keyspace.withTable(new TableMetadata("big", "t" + i, new UUID(0, i), List.of(
                    new ColumnMetadata("k", ColumnKind.PARTITION_KEY, 0, NativeType.INT, false)), params));
        }
        keyspaces.put("big", keyspace);
        return Schema.of(keyspaces);
    }

    private static ClusterMetadata initializedWith(Schema schema) {
        NodeAddress address = new NodeAddress("127.0.0.1", 7000);
        NodeRecord first = new NodeRecord(new NodeId(new UUID(0, 1)), address, new NodeAddress("127.0.0.1", 9042),
                "dc1", "rack1", NodeState.REGISTERED, "test");
        TreeSet<Long> tokens = LongStream.range(0, 16).map(i -> i * 1_000_003).boxed()
                .collect(Collectors.toCollection(TreeSet::new));
        Transformation.Result result = new Initialize("big", first, tokens, schema)
                .apply(ClusterMetadata.empty("big", schema));
        return ((Transformation.Applied) result).next();
    }
}
