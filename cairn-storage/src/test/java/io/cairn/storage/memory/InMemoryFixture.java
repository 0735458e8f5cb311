package io.cairn.storage.memory;

import io.cairn.common.time.ManualClock;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableId;
import io.cairn.storage.conformance.EngineFixture;
import io.cairn.storage.conformance.RecordingScheduler;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.kv.KvStore;

import java.time.Duration;

/** The in-memory engine under the conformance suites. */
final class InMemoryFixture implements EngineFixture {

    static final long START_MICROS = 1_700_000_000_000_000L;

    private final ManualClock clock = new ManualClock(START_MICROS);
    private final RecordingScheduler scheduler = new RecordingScheduler();
    private final InMemoryKvStore store = new InMemoryKvStore();
    private KvStorageEngine engine = open(store);

    private KvStorageEngine open(InMemoryKvStore kvStore) {
        return new KvStorageEngine(kvStore, clock, scheduler, StorageLimits.DEFAULTS, Duration.ZERO);
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
        engine = open(store);
        return engine;
    }

    @Override
    public StorageEngine openSnapshot(String tag) {
        return open(store.openSnapshot(tag));
    }

    @Override
    public void putRaw(TableId table, byte[] key, byte[] value) {
        store.putRaw(table.toString(), key, value);
    }

    @Override
    public void close() {
        engine.close();
    }
}
