package io.cairn.storage.memory;

import io.cairn.storage.kv.KvEntry;
import io.cairn.storage.kv.ReadScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A durable image kept current by replaying a store's journal of changes at each sync (as the
 * simulator keeps a node's disk under periodic commit-log sync) holds, after the replay, exactly
 * what the store holds, whatever mix of merges, conditional and range deletions, family changes
 * and metadata came between, and although synced writes reached the image early.
 */
class InMemoryChangeJournalTest {

    private static final List<String> FAMILIES = List.of("ks.a", "ks.b", "ks.c");
    private static final List<String> METADATA_KEYS = List.of("m1", "m2");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void anImageFedByReplaysHoldsWhatTheStoreHoldsAfterEachSync(long seed) {
        Random random = new Random(seed);
        InMemoryKvStore store = new InMemoryKvStore();
        InMemoryKvStore image = new InMemoryKvStore();
        store.onSyncedWrite(write -> write.forEach(image::mergeCreating));
        store.journalChanges();
        store.onSync(() -> store.replayChangesOnto(image));
        store.createColumnFamily(FAMILIES.get(0));
        for (int step = 0; step < 2_000; step++) {
            change(store, random);
            if (random.nextInt(50) == 0) {
                store.sync();
                assertThat(contents(image)).as("after step %d", step).isEqualTo(contents(store));
            }
        }
        store.sync();
        assertThat(contents(image)).isEqualTo(contents(store));
    }

    @Test
    void aStoreThatJournalsNothingCannotReplay() {
        InMemoryKvStore store = new InMemoryKvStore();
        assertThatThrownBy(() -> store.replayChangesOnto(new InMemoryKvStore()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("journalChanges");
        store.journalChanges();
        assertThatThrownBy(() -> store.replayChangesOnto(store)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void change(InMemoryKvStore store, Random random) {
        List<String> present = List.copyOf(store.columnFamilies());
        if (present.isEmpty() || random.nextInt(40) == 0) {
            store.createColumnFamily(FAMILIES.get(random.nextInt(FAMILIES.size())));
            return;
        }
        String family = present.get(random.nextInt(present.size()));
        switch (random.nextInt(9)) {
            case 0, 1, 2 -> store.merge(family, entries(random), random.nextBoolean());
            case 3 -> {
                String other = present.get(random.nextInt(present.size()));
                store.mergeAcross(other.equals(family) ? Map.of(family, entries(random))
                        : Map.of(family, entries(random), other, entries(random)), random.nextBoolean());
            }
            case 4 -> {
                byte[] key = {(byte) random.nextInt(16)};
                byte[] value = store.read(family, ReadScope.ANY, cursor -> {
                    cursor.seek(key);
                    return cursor.isValid() && cursor.key()[0] == key[0] ? cursor.value() : null;
                });
                // As the purge sweep does: deletes what it read, unless it changed since.
                store.deleteIfUnchanged(family, List.of(new KvEntry(key, value == null ? new byte[] {0} : value)));
            }
            case 5 -> {
                int from = random.nextInt(16);
                store.deleteRange(family, new byte[] {(byte) from},
                        random.nextBoolean() ? null : new byte[] {(byte) (from + 1 + random.nextInt(4))}, () -> true);
            }
            case 6 -> {
                if (random.nextInt(10) == 0) {
                    store.clearColumnFamily(family);
                } else if (random.nextInt(10) == 0) {
                    store.dropColumnFamily(family);
                } else {
                    store.putRaw(family, new byte[] {(byte) random.nextInt(16)}, new byte[] {(byte) random.nextInt(100)});
                }
            }
            case 7 -> store.putMetadata(METADATA_KEYS.get(random.nextInt(2)), new byte[] {(byte) random.nextInt(100)});
            default -> store.deleteMetadata(METADATA_KEYS.get(random.nextInt(2)));
        }
    }

    private static List<KvEntry> entries(Random random) {
        int count = 1 + random.nextInt(3);
        List<KvEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(new KvEntry(new byte[] {(byte) random.nextInt(16)}, new byte[] {(byte) random.nextInt(100)}));
        }
        return entries;
    }

    /** Family → key → value, in hex, and the metadata; what a reader of the store can see. */
    private static Map<String, Map<String, String>> contents(InMemoryKvStore store) {
        Map<String, Map<String, String>> contents = new TreeMap<>();
        for (String family : store.columnFamilies()) {
            contents.put(family, store.read(family, ReadScope.ANY, cursor -> {
                Map<String, String> entries = new TreeMap<>();
                for (cursor.seek(new byte[0]); cursor.isValid(); cursor.next()) {
                    entries.put(HexFormat.of().formatHex(cursor.key()), HexFormat.of().formatHex(cursor.value()));
                }
                return entries;
            }));
        }
        Map<String, String> metadata = new TreeMap<>();
        for (String key : METADATA_KEYS) {
            byte[] value = store.metadata(key);
            if (value != null) {
                metadata.put(key, HexFormat.of().formatHex(value));
            }
        }
        contents.put("(metadata)", metadata);
        return contents;
    }
}
