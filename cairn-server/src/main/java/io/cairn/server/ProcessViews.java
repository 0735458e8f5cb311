package io.cairn.server;

import io.cairn.common.time.Clock;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.StorageEngine;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Fills the views of {@code system_views} that only the process knows, as Cassandra 4+ has them,
 * before they are read: {@code settings} (the configuration by {@code cairn.yaml} names, secrets
 * hidden) and {@code thread_pools} (the request and replica pools: active, pending and completed
 * tasks, and their size). Each read sees them whole.
 */
final class ProcessViews {

    private final StorageEngine storage;
    private final NodeMetrics metrics;
    private final NodeConfig config;
    private final Clock clock;

    ProcessViews(StorageEngine storage, NodeMetrics metrics, NodeConfig config, Clock clock) {
        this.storage = storage;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    synchronized void refresh(TableMetadata table) {
        if (!table.keyspace().equals(SystemKeyspaces.SYSTEM_VIEWS)) {
            return;
        }
        long now = clock.currentTimeMicros();
        if (table.name().equals("settings")) {
            storage.truncate(table.tableId());
            config.settings().forEach((name, value) -> storage.apply(table.tableId(), SchemaRows.row(table,
                    Map.of("name", SchemaRows.text(name), "value", SchemaRows.text(value)), now)));
        } else if (table.name().equals("thread_pools")) {
            storage.truncate(table.tableId());
            for (NodeMetrics.Pool pool : metrics.pools()) {
                Map<String, ByteBuffer> row = new HashMap<>();
                row.put("name", SchemaRows.text(pool.name()));
                row.put("active_tasks", NativeType.INT.decompose((int) pool.active()));
                row.put("active_tasks_limit", NativeType.INT.decompose((int) pool.maxThreads()));
                row.put("pending_tasks", NativeType.INT.decompose((int) pool.pending()));
                row.put("completed_tasks", NativeType.BIGINT.decompose(pool.completed()));
                // Pools here never block a submitter: a full stage refuses instead (OVERLOADED).
                row.put("blocked_tasks", NativeType.BIGINT.decompose(0L));
                row.put("blocked_tasks_all_time", NativeType.BIGINT.decompose(0L));
                storage.apply(table.tableId(), SchemaRows.row(table, row, now));
            }
        }
    }
}
