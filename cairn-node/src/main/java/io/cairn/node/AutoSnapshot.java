package io.cairn.node;

import io.cairn.common.time.Clock;
import io.cairn.node.metadata.log.MetadataListener;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;

import java.util.ArrayList;
import java.util.List;

/**
 * Cassandra's {@code auto_snapshot}: before a DROP or a TRUNCATE deletes a table's data here, the
 * node snapshots its storage (a RocksDB checkpoint: hard links to the data files, cheap to take),
 * so that an operator can bring the data back. Tags say what and when:
 * {@code dropped-MILLIS-KEYSPACE[.TABLE]} and {@code truncated-MILLIS-KEYSPACE.TABLE}, cut at
 * {@link #MAX_TAG} characters. A snapshot that fails is logged and does not stop the DROP or
 * TRUNCATE: the cluster has agreed on it.
 */
final class AutoSnapshot {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AutoSnapshot.class);

    /** The longest tag storage takes. */
    static final int MAX_TAG = 100;

    private final boolean enabled;
    private final StorageEngine storage;
    private final Clock clock;

    AutoSnapshot(boolean enabled, StorageEngine storage, Clock clock) {
        this.enabled = enabled;
        this.storage = storage;
        this.clock = clock;
    }

    /** Before this node empties {@code table} for a TRUNCATE. */
    void beforeTruncate(TableId table) {
        take("truncated-" + clock.currentTimeMillis() + "-" + table.keyspace() + "." + table.table());
    }

    /**
     * A listener of the cluster metadata log, to be added before the one that makes the schema
     * follow the log: it runs before an entry that drops tables deletes their data.
     */
    MetadataListener beforeDrops() {
        return (previous, next, entry) -> {
            List<TableMetadata> dropped = dropped(previous.schema(), next.schema());
            if (!dropped.isEmpty()) {
                take("dropped-" + clock.currentTimeMillis() + "-" + named(dropped));
            }
        };
    }

    /** The tables of {@code before} that {@code after} no longer has under their id. */
    static List<TableMetadata> dropped(Schema before, Schema after) {
        List<TableMetadata> dropped = new ArrayList<>();
        for (KeyspaceMetadata keyspace : before.keyspaces().values()) {
            KeyspaceMetadata now = after.keyspaces().get(keyspace.name());
            for (TableMetadata table : keyspace.tables().values()) {
                TableMetadata same = now == null ? null : now.tables().get(table.name());
                if (same == null || !same.id().equals(table.id())) {
                    dropped.add(table);
                }
            }
        }
        return dropped;
    }

    /** One table by its name, tables of one keyspace by the keyspace's, more by their count. */
    private static String named(List<TableMetadata> dropped) {
        if (dropped.size() == 1) {
            return dropped.get(0).keyspace() + "." + dropped.get(0).name();
        }
        String keyspace = dropped.get(0).keyspace();
        return dropped.stream().allMatch(table -> table.keyspace().equals(keyspace)) ? keyspace
                : dropped.size() + "-tables";
    }

    private void take(String tag) {
        if (!enabled) {
            return;
        }
        String cut = tag.length() > MAX_TAG ? tag.substring(0, MAX_TAG) : tag;
        try {
            storage.snapshot(cut);
            LOG.info("Snapshot '{}' taken before the data is deleted", cut);
        } catch (RuntimeException e) {
            LOG.warn("Snapshot '{}' before deleting data failed: {}", cut, e.getMessage());
        }
    }
}
