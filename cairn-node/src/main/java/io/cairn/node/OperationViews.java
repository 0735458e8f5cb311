package io.cairn.node;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Clock;
import io.cairn.cql.type.NativeType;
import io.cairn.node.hints.HintStore;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.repair.RepairStats;
import io.cairn.node.ring.RingPieces;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.RepairedRanges;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TokenRange;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Fills three views of {@code system_views} before they are read: {@code repairs} (for each user
 * table: what this node's repairs did since it started, and when the ranges it replicates were
 * last all repaired), {@code pending_hints} (the hints this node holds for each replica) and
 * {@code indexes} (each secondary index: whether it is built here, or building and how far).
 * Each read sees them whole: the view is emptied and written again.
 */
final class OperationViews {

    private final StorageEngine storage;
    private final SchemaManager schema;
    private final RepairStats repairs;
    private final HintStore hints;
    private final Supplier<ClusterMetadata> metadata;
    private final NodeAddress self;
    private final Clock clock;
    private final io.cairn.node.index.IndexBuilds indexes;

    OperationViews(StorageEngine storage, SchemaManager schema, RepairStats repairs, HintStore hints,
                   Supplier<ClusterMetadata> metadata, NodeAddress self, Clock clock,
                   io.cairn.node.index.IndexBuilds indexes) {
        this.indexes = indexes;
        this.storage = storage;
        this.schema = schema;
        this.repairs = repairs;
        this.hints = hints;
        this.metadata = metadata;
        this.self = self;
        this.clock = clock;
    }

    /** Writes the view {@code table} is, when it is one of these, before it is read. */
    synchronized void refresh(TableMetadata table) {
        if (!table.keyspace().equals(SystemKeyspaces.SYSTEM_VIEWS)) {
            return;
        }
        if (table.name().equals("repairs")) {
            storage.truncate(table.tableId());
            writeRepairs(table);
        } else if (table.name().equals("pending_hints")) {
            storage.truncate(table.tableId());
            long now = clock.currentTimeMicros();
            hints.pending().forEach((target, count) -> storage.apply(table.tableId(), SchemaRows.row(table,
                    Map.of("target", SchemaRows.text(target.toString()), "hints", NativeType.BIGINT.decompose(count)),
                    now)));
        } else if (table.name().equals("indexes")) {
            storage.truncate(table.tableId());
            long now = clock.currentTimeMicros();
            for (io.cairn.node.index.IndexBuilds.Status status : indexes.statuses()) {
                storage.apply(table.tableId(), SchemaRows.row(table, io.cairn.node.index.IndexBuilds.row(status), now));
            }
        }
    }

    private void writeRepairs(TableMetadata view) {
        long now = clock.currentTimeMicros();
        ClusterMetadata ring = metadata.get();
        var stats = repairs.tables();
        for (KeyspaceMetadata keyspace : schema.current().keyspaces().values()) {
            if (SystemKeyspaces.isSystem(keyspace.name())) {
                continue;
            }
            for (TableMetadata table : keyspace.tables().values()) {
                RepairStats.TableStats done = stats.getOrDefault(table.tableId(),
                        new RepairStats.TableStats(io.cairn.node.repair.Repair.Result.NONE, 0));
                Map<String, ByteBuffer> row = new HashMap<>();
                row.put("keyspace_name", SchemaRows.text(keyspace.name()));
                row.put("table_name", SchemaRows.text(table.name()));
                row.put("ranges_repaired", NativeType.BIGINT.decompose((long) done.repaired().ranges()));
                row.put("partitions_compared", NativeType.BIGINT.decompose(done.repaired().partitionsHashed()));
                row.put("bytes_compared", NativeType.BIGINT.decompose(done.repaired().bytesHashed()));
                row.put("mismatches", NativeType.BIGINT.decompose(done.repaired().differingLeaves()));
                row.put("bytes_streamed", NativeType.BIGINT.decompose(done.repaired().bytesStreamed()));
                row.put("failures", NativeType.BIGINT.decompose(done.failures()));
                long repairedAt = repairedAt(ring, keyspace, table);
                if (repairedAt != RepairedRanges.NEVER) {
                    row.put("repaired_at", NativeType.TIMESTAMP.decompose(Instant.ofEpochSecond(repairedAt)));
                }
                storage.apply(view.tableId(), SchemaRows.row(view, row, now));
            }
        }
    }

    /**
     * When the repairs that last covered every range this node replicates started, the earliest
     * of them (seconds), or {@link RepairedRanges#NEVER} when one never was.
     */
    private long repairedAt(ClusterMetadata ring, KeyspaceMetadata keyspace, TableMetadata table) {
        RepairedRanges repaired;
        try {
            repaired = storage.repaired(table.tableId());
        } catch (io.cairn.storage.UnknownTableException notYet) {
            return RepairedRanges.NEVER;
        }
        long oldest = Long.MAX_VALUE;
        for (TokenRange piece : RingPieces.of(TokenRange.FULL, ring.ring().tokens())) {
            if (ring.ring().replicasFor(keyspace, piece.end()).contains(self)) {
                oldest = Math.min(oldest, repaired.oldest(piece));
            }
        }
        return oldest == Long.MAX_VALUE ? RepairedRanges.NEVER : oldest;
    }
}
