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
 * hidden), {@code thread_pools} (the request and replica pools: active, pending and completed
 * tasks, and their size) and {@code clients} (each client connection that sent a request: its
 * address, driver, stage, requests, keyspace, role and TLS). Each is written whole just before each read.
 */
final class ProcessViews {

    private final StorageEngine storage;
    private final NodeMetrics metrics;
    private final NodeConfig config;
    private final Clock clock;
    private final java.util.function.Supplier<java.util.List<io.cairn.server.transport.ClientState>> clients;

    ProcessViews(StorageEngine storage, NodeMetrics metrics, NodeConfig config, Clock clock,
                 java.util.function.Supplier<java.util.List<io.cairn.server.transport.ClientState>> clients) {
        this.clients = clients;
        this.storage = storage;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    private static Map<String, ByteBuffer> clientRow(io.cairn.server.transport.ClientState client) {
        Map<String, ByteBuffer> row = new HashMap<>();
        java.net.InetSocketAddress address = client.remoteAddress();
        row.put("address", NativeType.INET.decompose(address.getAddress()));
        row.put("port", NativeType.INT.decompose(address.getPort()));
        row.put("hostname", SchemaRows.text(address.getHostString()));
        row.put("connection_stage", SchemaRows.text(client.stage()));
        row.put("protocol_version", NativeType.INT.decompose(client.version().number()));
        row.put("request_count", NativeType.BIGINT.decompose(client.requests()));
        row.put("ssl_enabled", NativeType.BOOLEAN.decompose(client.tls() != null));
        row.put("client_options", SchemaRows.textMap(client.options()));
        if (client.tls() != null) {
            String[] tls = client.tls().split("/", 2);
            row.put("ssl_protocol", SchemaRows.text(tls[0]));
            row.put("ssl_cipher_suite", SchemaRows.text(tls[1]));
        }
        java.util.Map<String, String> optional = new java.util.HashMap<>();
        optional.put("driver_name", client.driverName());
        optional.put("driver_version", client.driverVersion());
        optional.put("keyspace_name", client.keyspace());
        optional.put("username", client.role());
        optional.forEach((column, value) -> {
            if (value != null) {
                row.put(column, SchemaRows.text(value));
            }
        });
        return row;
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
        } else if (table.name().equals("clients")) {
            storage.truncate(table.tableId());
            for (io.cairn.server.transport.ClientState client : clients.get()) {
                storage.apply(table.tableId(), SchemaRows.row(table, clientRow(client), now));
            }
        } else if (table.name().equals("thread_pools")) {
            storage.truncate(table.tableId());
            for (NodeMetrics.Pool pool : metrics.pools()) {
                Map<String, ByteBuffer> row = new HashMap<>();
                row.put("name", SchemaRows.text(pool.name()));
                row.put("active_tasks", NativeType.INT.decompose((int) pool.active()));
                row.put("active_tasks_limit", NativeType.INT.decompose((int) pool.maxThreads()));
                row.put("core_pool_size", NativeType.INT.decompose((int) pool.maxThreads()));
                row.put("max_pool_size", NativeType.INT.decompose((int) pool.maxThreads()));
                // The pools' queues are unbounded; the replica stage bounds its own (OVERLOADED past it).
                row.put("max_tasks_queued", NativeType.INT.decompose(Integer.MAX_VALUE));
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
