package io.cairn.storage.rocksdb;

import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;

import java.time.Duration;

/** Opens the production storage engine: {@link KvStorageEngine} over a {@link RocksDbKvStore}. */
public final class RocksDbStorage {

    /** How often the purge sweep runs over every table by default. */
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(10);

    private RocksDbStorage() {
    }

    public static KvStorageEngine open(RocksDbConfig config, Clock clock, Scheduler scheduler) {
        return new KvStorageEngine(new RocksDbKvStore(config, scheduler), clock, scheduler, StorageLimits.DEFAULTS,
                DEFAULT_PURGE_INTERVAL);
    }
}
