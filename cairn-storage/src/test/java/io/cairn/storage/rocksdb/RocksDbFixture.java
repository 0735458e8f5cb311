package io.cairn.storage.rocksdb;

import io.cairn.common.time.ManualClock;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableId;
import io.cairn.storage.conformance.EngineFixture;
import io.cairn.storage.conformance.RecordingScheduler;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.kv.KvStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The RocksDB engine under the conformance suites, in a temporary directory it deletes. */
final class RocksDbFixture implements EngineFixture {

    static final long START_MICROS = 1_700_000_000_000_000L;

    private final Path directory;
    private final ManualClock clock = new ManualClock(START_MICROS);
    private final RecordingScheduler scheduler = new RecordingScheduler();
    private final List<KvStorageEngine> snapshotEngines = new ArrayList<>();
    private RocksDbKvStore store;
    private KvStorageEngine engine;

    RocksDbFixture() {
        try {
            directory = Files.createTempDirectory("cairn-rocksdb-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open();
    }

    private void open() {
        store = new RocksDbKvStore(RocksDbConfig.defaults(directory.resolve("data")), scheduler);
        engine = new KvStorageEngine(store, clock, scheduler, StorageLimits.DEFAULTS, Duration.ZERO);
    }

    Path dataDirectory() {
        return directory.resolve("data");
    }

    @Override
    public StorageEngine engine() {
        return engine;
    }

    @Override
    public ManualClock clock() {
        return clock;
    }

    @Override
    public KvStore store() {
        return store;
    }

    @Override
    public StorageEngine reopen() {
        engine.close();
        open();
        return engine;
    }

    @Override
    public StorageEngine openSnapshot(String tag) {
        Path copy = directory.resolve("restored-" + tag);
        copyTree(store.snapshotDirectory(tag), copy);
        RocksDbKvStore snapshotStore = new RocksDbKvStore(RocksDbConfig.defaults(copy), scheduler);
        KvStorageEngine snapshotEngine = new KvStorageEngine(snapshotStore, clock, scheduler, StorageLimits.DEFAULTS,
                Duration.ZERO);
        snapshotEngines.add(snapshotEngine);
        return snapshotEngine;
    }

    @Override
    public void putRaw(TableId table, byte[] key, byte[] value) {
        store.putRaw(table.toString(), key, value);
    }

    @Override
    public void close() {
        try {
            snapshotEngines.forEach(KvStorageEngine::close);
            engine.close();
        } catch (StorageException ignored) {
            // Already closed by a test; the directory goes either way.
        } finally {
            deleteTree(directory);
        }
    }

    /** A snapshot holds the database under "db" and the format file: lay them out as a data directory. */
    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(source);
                boolean isFormatFile = relative.toString().equals(DataDirectory.FORMAT_FILE);
                Path target = isFormatFile ? to.resolve(relative) : to.resolve("db").resolve(relative);
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
