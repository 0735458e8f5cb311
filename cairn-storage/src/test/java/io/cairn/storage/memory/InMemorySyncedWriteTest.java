package io.cairn.storage.memory;

import io.cairn.common.time.ManualClock;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.conformance.RecordingScheduler;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.kv.KvEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory store tells a listener of synced writes only, so that a copy kept as a node's
 * durable image (the simulator's disk) can take in exactly what a crash must not lose.
 */
class InMemorySyncedWriteTest {

    private static final TableId TABLE = new TableId("ks", "t");
    private static final PartitionKey KEY = new PartitionKey(7, "k".getBytes(StandardCharsets.UTF_8));

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);

    private static PartitionUpdate write(String value, long micros) {
        return PartitionUpdate.builder(KEY).row(Row.builder(Clustering.EMPTY)
                .cell(Cell.live("v", value.getBytes(StandardCharsets.UTF_8), micros)).build()).build();
    }

    private KvStorageEngine engine(InMemoryKvStore store) {
        return new KvStorageEngine(store, clock, new RecordingScheduler(), StorageLimits.DEFAULTS, Duration.ZERO);
    }

    @Test
    void onlySyncedWritesReachTheListenerAndACopyFedByItHoldsThem() {
        InMemoryKvStore store = new InMemoryKvStore();
        InMemoryKvStore durableImage = new InMemoryKvStore();
        List<String> heard = new ArrayList<>();
        store.onSyncedWrite(write -> write.forEach((family, entries) -> {
            heard.add(family + ":" + entries.size());
            durableImage.mergeCreating(family, entries);
        }));
        KvStorageEngine engine = engine(store);
        engine.createTable(TABLE, TableOptions.DEFAULTS);

        engine.apply(TABLE, write("unsynced", 10));
        engine.applySynced(TABLE, write("synced", 5));

        assertThat(heard).containsExactly("ks.t:1");
        KvStorageEngine afterCrash = engine(durableImage);
        afterCrash.createTable(TABLE, TableOptions.DEFAULTS);
        Row row = afterCrash.read(TABLE, KEY, ReadFilter.all(0)).rows().get(0);
        assertThat(new String(row.cell("v").value(), StandardCharsets.UTF_8)).isEqualTo("synced");
        Row live = engine.read(TABLE, KEY, ReadFilter.all(0)).rows().get(0);
        assertThat(new String(live.cell("v").value(), StandardCharsets.UTF_8)).isEqualTo("unsynced");
    }

    @Test
    void aSyncedWriteAcrossFamiliesReachesTheListenerAsOneWrite() {
        InMemoryKvStore store = new InMemoryKvStore();
        store.createColumnFamily("ks.a");
        store.createColumnFamily("ks.b");
        List<String> heard = new ArrayList<>();
        store.onSyncedWrite(write -> heard.add(String.join(",", write.keySet()) + ":"
                + write.values().stream().mapToInt(List::size).sum()));

        Map<String, List<KvEntry>> writes = new java.util.LinkedHashMap<>();
        writes.put("ks.a", List.of(new KvEntry(new byte[] {1}, new byte[] {1})));
        writes.put("ks.b", List.of(new KvEntry(new byte[] {1}, new byte[] {2}), new KvEntry(new byte[] {2}, new byte[] {3})));
        store.mergeAcross(writes, true);
        store.mergeAcross(Map.of("ks.a", List.of(new KvEntry(new byte[] {9}, new byte[] {9}))), false);

        assertThat(heard).containsExactly("ks.a,ks.b:3");
    }

    @Test
    void aSyncedMergeKeepsTheMaximumLikeAnyMerge() {
        InMemoryKvStore store = new InMemoryKvStore();
        store.createColumnFamily("ks.t");
        byte[] key = {1};
        store.merge("ks.t", List.of(new KvEntry(key, new byte[] {5})), true);
        store.merge("ks.t", List.of(new KvEntry(key, new byte[] {3})), true);

        byte[] value = store.read("ks.t", io.cairn.storage.kv.ReadScope.ANY, cursor -> {
            cursor.seek(key);
            return cursor.value();
        });
        assertThat(value).containsExactly(5);
    }
}
