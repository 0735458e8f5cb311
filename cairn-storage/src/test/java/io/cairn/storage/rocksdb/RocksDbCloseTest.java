package io.cairn.storage.rocksdb;

import io.cairn.storage.conformance.RecordingScheduler;
import io.cairn.storage.kv.KvEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task still writing while the store closes (a late answer applied as a node stops) fails with
 * a Java exception; it never reaches a closed native handle, which would crash the process.
 */
class RocksDbCloseTest {

    @TempDir
    Path directory;

    @Test
    void writesRacingTheCloseFailAsExceptionsAndTheProcessLives() throws Exception {
        for (int round = 0; round < 5; round++) {
            RocksDbKvStore store = new RocksDbKvStore(RocksDbConfig.defaults(directory.resolve("data" + round)),
                    new RecordingScheduler());
            store.createColumnFamily("t");
            AtomicInteger written = new AtomicInteger();
            AtomicReference<RuntimeException> stopped = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; ; i++) {
                        byte[] key = ByteBuffer.allocate(4).putInt(i).array();
                        store.mergeAcross(java.util.Map.of("t", List.of(new KvEntry(key, key))), false);
                        store.read("t", io.cairn.storage.kv.ReadScope.ONE_TOKEN, cursor -> null);
                        written.incrementAndGet();
                        started.countDown();
                    }
                } catch (RuntimeException e) {
                    stopped.set(e);
                }
            });
            writer.start();
            started.await();
            store.close();
            writer.join(10_000);
            assertThat(writer.isAlive()).isFalse();
            assertThat(written.get()).isPositive();
            assertThat(stopped.get()).isNotNull();
            assertThat(stopped.get().getMessage()).containsAnyOf("closed", "does not exist");
        }
    }
}
