package io.cairn.server.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.common.time.Clock;
import io.cairn.node.Node;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableStats;

import java.util.List;
import java.util.TreeSet;

/**
 * What one node tells the dashboard of itself ({@code GET /api/dashboard/node}): its request
 * samples, the bytes of its data files (its load) and of its memtables, each user table's size
 * here, the repair it runs, the hints it holds, and the warnings its process logged. Bounded: at most
 * {@link RequestSampler#CAPACITY} samples, {@link #MAX_TABLES} tables, {@link #MAX_WARNINGS}
 * warnings.
 */
final class NodeReport {

    /** Tables listed at most. */
    static final int MAX_TABLES = 500;

    /** Warnings listed at most. */
    static final int MAX_WARNINGS = 50;

    private final Node node;
    private final SampleRing samples;
    private final RecentWarnings warnings;
    private final Clock clock;
    private final ObjectMapper json;

    NodeReport(Node node, SampleRing samples, RecentWarnings warnings, Clock clock, ObjectMapper json) {
        this.node = node;
        this.samples = samples;
        this.warnings = warnings;
        this.clock = clock;
        this.json = json;
    }

    /** This node's report with its newest {@code sampleCount} samples. */
    ObjectNode report(int sampleCount) {
        ObjectNode body = json.createObjectNode();
        body.put("host_id", String.valueOf(node.hostId()));
        body.put("address", node.address().toString());
        body.put("time_millis", clock.currentTimeMillis());
        body.set("series", series(samples.newest(sampleCount)));
        StorageEngine storage = node.storage();
        long load = 0;
        long memtables = 0;
        ArrayNode tables = body.putArray("tables");
        for (TableId table : new TreeSet<>(storage.tables())) {
            TableStats stats;
            try {
                stats = storage.stats(table);
            } catch (io.cairn.storage.UnknownTableException dropped) {
                continue;
            }
            load += stats.fileBytes();
            memtables += stats.memtableBytes();
            if (io.cairn.node.schema.SystemKeyspaces.isSystem(table.keyspace()) || tables.size() >= MAX_TABLES) {
                continue;
            }
            ObjectNode entry = tables.addObject();
            entry.put("keyspace", table.keyspace());
            entry.put("table", table.table());
            entry.put("file_bytes", stats.fileBytes());
            entry.put("memtable_bytes", stats.memtableBytes());
            entry.put("live_data_bytes", stats.liveDataBytes());
            entry.put("partitions_estimate", stats.estimatedPartitions());
        }
        // As Cassandra's Load: the bytes of the data files on disk.
        body.put("load_bytes", load);
        body.put("memtable_bytes", memtables);
        io.cairn.node.repair.RepairStats.Running repair = node.repairStats().running();
        if (repair == null) {
            body.putNull("repair");
        } else {
            body.putObject("repair").put("what", repair.what()).put("pieces", repair.pieces())
                    .put("pieces_done", repair.piecesDone()).put("started_millis", repair.startedMillis());
        }
        body.put("hints_pending", node.hintCounts().total());
        ArrayNode logged = body.putArray("warnings");
        for (RecentWarnings.Warning warning : warnings.newest(MAX_WARNINGS)) {
            logged.addObject().put("time_millis", warning.timeMillis()).put("level", warning.level())
                    .put("logger", warning.logger()).put("thread", warning.thread()).put("message", warning.message());
        }
        return body;
    }

    /** Samples as {@code [time_millis, ops_per_second, p50_ms, p99_ms, errors_per_second]} rows, oldest first. */
    private ObjectNode series(List<Sample> newest) {
        ObjectNode series = json.createObjectNode();
        series.put("interval_millis", RequestSampler.INTERVAL.toMillis());
        ArrayNode rows = series.putArray("samples");
        for (Sample sample : newest) {
            rows.addArray().add(sample.timeMillis()).add(round(sample.opsPerSecond())).add(round(sample.p50Millis()))
                    .add(round(sample.p99Millis())).add(round(sample.errorsPerSecond()));
        }
        return series;
    }

    /** Three decimals are enough for a chart and keep the answer small. */
    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
