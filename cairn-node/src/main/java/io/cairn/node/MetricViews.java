package io.cairn.node;

import io.cairn.common.time.Clock;
import io.cairn.cql.type.NativeType;
import io.cairn.node.coordinator.MeteredDataCoordinator;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fills the views of {@code system_views} that show this node's metrics, as Cassandra 4+ has
 * them, before they are read: {@code local_read_latency}, {@code local_scan_latency},
 * {@code local_write_latency}, {@code coordinator_read_latency}, {@code coordinator_scan_latency}
 * and {@code coordinator_write_latency} (for each table read or written since the node started: the count, the largest in the recent window, the recent median
 * and 99th percentile of a user table, and the mean rate since the start, in operations a second)
 * and {@code disk_usage} (each table's data files, in MiB rounded up). Each is written whole just before each read.
 */
final class MetricViews {

    private static final Map<String, String> LATENCY_VIEWS = Map.of(
            "local_read_latency", MeteredStorageEngine.READS,
            "local_scan_latency", MeteredStorageEngine.SCANS,
            "local_write_latency", MeteredStorageEngine.WRITES,
            "coordinator_read_latency", MeteredDataCoordinator.TABLE_READS,
            "coordinator_scan_latency", MeteredDataCoordinator.TABLE_SCANS,
            "coordinator_write_latency", MeteredDataCoordinator.TABLE_WRITES);

    private final StorageEngine storage;
    private final MeterRegistry meters;
    private final Clock clock;
    private final long startedNanos;

    MetricViews(StorageEngine storage, MeterRegistry meters, Clock clock) {
        this.storage = storage;
        this.meters = meters;
        this.clock = clock;
        this.startedNanos = clock.nanoTime();
    }

    /** Writes the view {@code table} is, when it is one of these, before it is read. */
    synchronized void refresh(TableMetadata table) {
        if (!table.keyspace().equals(SystemKeyspaces.SYSTEM_VIEWS)) {
            return;
        }
        String timers = LATENCY_VIEWS.get(table.name());
        if (timers != null) {
            storage.truncate(table.tableId());
            writeLatencies(table, timers);
        } else if (table.name().equals("disk_usage")) {
            storage.truncate(table.tableId());
            long now = clock.currentTimeMicros();
            for (TableId each : storage.tables()) {
                long bytes;
                try {
                    bytes = storage.stats(each).fileBytes();
                } catch (io.cairn.storage.UnknownTableException dropped) {
                    continue;
                }
                Map<String, ByteBuffer> row = new HashMap<>();
                row.put("keyspace_name", SchemaRows.text(each.keyspace()));
                row.put("table_name", SchemaRows.text(each.table()));
                row.put("mebibytes", NativeType.BIGINT.decompose((bytes + (1 << 20) - 1) >> 20));
                storage.apply(table.tableId(), SchemaRows.row(table, row, now));
            }
        }
    }

    private void writeLatencies(TableMetadata view, String timers) {
        long now = clock.currentTimeMicros();
        double seconds = Math.max(1e-3, (clock.nanoTime() - startedNanos) / 1e9);
        for (Timer timer : meters.find(timers).timers()) {
            String keyspace = timer.getId().getTag("keyspace");
            String table = timer.getId().getTag("table");
            if (keyspace == null || table == null) {
                continue;
            }
            Map<String, ByteBuffer> row = new HashMap<>();
            row.put("keyspace_name", SchemaRows.text(keyspace));
            row.put("table_name", SchemaRows.text(table));
            row.put("count", NativeType.BIGINT.decompose(timer.count()));
            row.put("max_ms", NativeType.DOUBLE.decompose(timer.max(TimeUnit.MILLISECONDS)));
            row.put("per_second", NativeType.DOUBLE.decompose(timer.count() / seconds));
            for (ValueAtPercentile percentile : timer.takeSnapshot().percentileValues()) {
                String column = percentile.percentile() == 0.5 ? "p50th_ms" : percentile.percentile() == 0.99
                        ? "p99th_ms" : null;
                if (column != null) {
                    row.put(column, NativeType.DOUBLE.decompose(percentile.value(TimeUnit.MILLISECONDS)));
                }
            }
            storage.apply(view.tableId(), SchemaRows.row(view, row, now));
        }
    }
}
