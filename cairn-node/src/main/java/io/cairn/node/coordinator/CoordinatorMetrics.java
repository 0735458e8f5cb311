package io.cairn.node.coordinator;

import io.cairn.common.time.Clock;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.StorageEngine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A coordinator's counters, as {@code system_views.coordinator_metrics} shows them. The paths
 * count into it; reads of that view get the current values first.
 */
final class CoordinatorMetrics {

    private final StorageEngine storage;
    private final Clock clock;
    private final LongSupplier hintsDelivered;
    private final LongSupplier messagesSent;
    private final Map<String, Long> repairs = new ConcurrentHashMap<>();
    final AtomicLong writesAsReplica = new AtomicLong();
    final AtomicLong writesForOthers = new AtomicLong();
    final AtomicLong speculativeRetries = new AtomicLong();
    final AtomicLong failovers = new AtomicLong();
    final AtomicLong hintsStored = new AtomicLong();
    /** Writes planned again because a replica refused them as planned at a stale epoch. */
    final AtomicLong staleEpochRetries = new AtomicLong();

    /** @param messagesSent the node's internode messages sent so far, or -1 when its messaging does not count */
    CoordinatorMetrics(StorageEngine storage, Clock clock, LongSupplier hintsDelivered, LongSupplier messagesSent) {
        this.storage = storage;
        this.clock = clock;
        this.hintsDelivered = hintsDelivered;
        this.messagesSent = messagesSent;
    }

    /** Counts one read repair of {@code table}. */
    void readRepaired(TableMetadata table) {
        repairs.merge(table.toString(), 1L, Long::sum);
    }

    /** Read repairs performed, by table. */
    Map<String, Long> readRepairs() {
        return Map.copyOf(repairs);
    }

    /**
     * The counters by name. {@code writes_coordinated_as_replica} and
     * {@code writes_coordinated_for_others} count partition writes coordinated while being one
     * of their replicas and while not (an extra hop, which token-aware drivers avoid).
     * {@code internode_messages_sent} counts every message the node sent (requests, responses,
     * gossip), named as the benchmark reads Cassandra's {@code internode_outbound} sent counts.
     */
    Map<String, Long> snapshot() {
        Map<String, Long> metrics = new LinkedHashMap<>();
        metrics.put("writes_coordinated_as_replica", writesAsReplica.get());
        metrics.put("writes_coordinated_for_others", writesForOthers.get());
        metrics.put("read_repairs", repairs.values().stream().mapToLong(Long::longValue).sum());
        metrics.put("speculative_retries", speculativeRetries.get());
        metrics.put("read_failovers", failovers.get());
        metrics.put("hints_stored", hintsStored.get());
        metrics.put("hints_delivered", hintsDelivered.getAsLong());
        metrics.put("stale_epoch_retries", staleEpochRetries.get());
        long sent = messagesSent.getAsLong();
        if (sent >= 0) {
            metrics.put("internode_messages_sent", sent);
        }
        return metrics;
    }

    /** Writes the current counters into {@code system_views.coordinator_metrics} before it is read. */
    void refreshView(TableMetadata table) {
        if (!table.keyspace().equals(SystemKeyspaces.SYSTEM_VIEWS) || !table.name().equals("coordinator_metrics")) {
            return;
        }
        long now = clock.currentTimeMicros();
        snapshot().forEach((name, value) -> storage.apply(table.tableId(), SchemaRows.row(table,
                Map.of("name", SchemaRows.text(name), "value", NativeType.BIGINT.decompose(value)), now)));
    }
}
