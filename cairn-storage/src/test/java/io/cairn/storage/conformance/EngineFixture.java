package io.cairn.storage.conformance;

import io.cairn.common.time.ManualClock;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.kv.KvStore;

/** One engine under test, with the hooks the conformance suite needs beyond the engine API. */
public interface EngineFixture extends AutoCloseable {

    StorageEngine engine();

    /** The clock the engine's purge sweep reads. */
    ManualClock clock();

    /** The store under the engine, to exercise conditional deletes directly. */
    KvStore store();

    /** Closes the engine cleanly and opens it again on the same data; returns the new engine. */
    StorageEngine reopen();

    /** Opens a separate, read-only-by-convention engine on a snapshot's data. */
    StorageEngine openSnapshot(String tag);

    /** Writes bytes under a key of a table's column family, bypassing the engine's encoding. */
    void putRaw(TableId table, byte[] key, byte[] value);

    @Override
    void close();
}
