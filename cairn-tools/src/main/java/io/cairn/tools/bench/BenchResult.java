package io.cairn.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a {@code cairn bench run}, as JSON: per phase, the throughput, the server CPU
 * used per operation, the servers' counters (internode messages among them, where the servers
 * count them), and per operation type the count, errors, conditional outcomes and latency
 * percentiles in microseconds; for the vector workload, the recall of its searches against the
 * exact nearest records (null for other workloads).
 */
record BenchResult(String label, String workload, long records, int concurrency, double targetRate,
                   String consistency, int replicationFactor, Phase load, Phase run, Double recallAt10) {

    static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.9, 99.99};

    /**
     * One operation type's numbers (latencies in microseconds). For a conditional statement,
     * {@code applied + notApplied + unknown = count}; unknown outcomes (a timeout during the Paxos
     * round) are not errors. Zero for other statements.
     */
    record Operation(long count, long errors, long applied, long notApplied, long unknown, long p50, long p90,
                     long p99, long p999, long max, Map<String, Long> percentiles) {
    }

    /**
     * One phase: operations done, seconds, operations per second, the servers' CPU seconds
     * (-1 when no server process was given) and CPU microseconds per operation, and how much each
     * of the servers' counters grew during the phase, summed over the nodes (empty when the
     * servers expose none; absent in results written before they were read).
     */
    record Phase(long operations, double seconds, double throughput, double serverCpuSeconds,
                 double serverCpuMicrosPerOperation, Map<String, Operation> byOperation,
                 Map<String, Long> serverCounters) {

        long errors() {
            return byOperation.values().stream().mapToLong(Operation::errors).sum();
        }

        /** Internode messages per operation, or -1 when the servers do not count them. */
        double messagesPerOperation() {
            Long messages = serverCounters == null ? null : serverCounters.get(ServerCounters.MESSAGES_SENT);
            return messages == null || operations == 0 ? -1 : (double) messages / operations;
        }

        static Phase of(BenchRunner.Recording recording, long elapsedNanos, long serverCpuNanos, boolean noServer,
                        Map<String, Long> serverCounters) {
            Map<String, Operation> byOperation = new LinkedHashMap<>();
            long total = 0;
            for (Workload.Operation type : Workload.Operation.values()) {
                Histogram histogram = recording.latencies.get(type);
                long errors = recording.count(type, BenchRunner.Outcome.FAILED);
                if (histogram.getTotalCount() == 0 && errors == 0) {
                    continue;
                }
                Map<String, Long> percentiles = new LinkedHashMap<>();
                for (double percentile : PERCENTILES) {
                    percentiles.put(label(percentile), histogram.getValueAtPercentile(percentile));
                }
                byOperation.put(type.name(), new Operation(histogram.getTotalCount(), errors,
                        recording.count(type, BenchRunner.Outcome.APPLIED),
                        recording.count(type, BenchRunner.Outcome.NOT_APPLIED),
                        recording.count(type, BenchRunner.Outcome.UNKNOWN), histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                        histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9),
                        histogram.getMaxValue(), percentiles));
                total += histogram.getTotalCount();
            }
            double seconds = elapsedNanos / 1e9;
            double cpuSeconds = noServer ? -1 : serverCpuNanos / 1e9;
            return new Phase(total, seconds, total / seconds, cpuSeconds,
                    noServer || total == 0 ? -1 : cpuSeconds * 1e6 / total, byOperation, Map.copyOf(serverCounters));
        }
    }

    private static String label(double percentile) {
        return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    static BenchResult read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), BenchResult.class);
    }

    /** A text summary: one line per phase and operation type. */
    String summary() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s: workload %s, %,d records, %d in flight, %s%n", label, workload,
                records, concurrency, consistency));
        appendPhase(text, "load", load);
        appendPhase(text, "run", run);
        if (recallAt10 != null) {
            text.append(String.format(Locale.ROOT, "recall@%d %.3f against the exact nearest records%n",
                    VectorData.NEIGHBOURS, recallAt10));
        }
        return text.toString();
    }

    private static void appendPhase(StringBuilder text, String name, Phase phase) {
        if (phase == null) {
            return;
        }
        text.append(String.format(Locale.ROOT, "%-4s %,10.0f ops/s  %,d ops in %.1f s%s%n", name, phase.throughput(),
                phase.operations(), phase.seconds(), phase.serverCpuSeconds() < 0 ? ""
                        : String.format(Locale.ROOT, "  server CPU %.1f s = %.0f µs/op", phase.serverCpuSeconds(),
                        phase.serverCpuMicrosPerOperation())));
        if (phase.messagesPerOperation() >= 0) {
            text.append(String.format(Locale.ROOT, "     internode messages %,d = %.2f per op%n",
                    phase.serverCounters().get(ServerCounters.MESSAGES_SENT), phase.messagesPerOperation()));
        }
        phase.byOperation().forEach((type, op) -> {
            text.append(String.format(Locale.ROOT,
                    "     %-17s %,9d ops  p50 %8.3f  p90 %8.3f  p99 %8.3f  p99.9 %8.3f  max %8.3f ms  errors %d%n",
                    type, op.count(), op.p50() / 1e3, op.p90() / 1e3, op.p99() / 1e3, op.p999() / 1e3,
                    op.max() / 1e3, op.errors()));
            if (Workload.Operation.valueOf(type).conditional()) {
                text.append(String.format(Locale.ROOT, "     %-17s applied %,d  not applied %,d  unknown %,d%n", "",
                        op.applied(), op.notApplied(), op.unknown()));
            }
        });
    }

    /** Both results' run phases side by side, with the ratio second / first. */
    static String compare(BenchResult first, BenchResult second) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-28s %16s %16s %8s%n", "workload " + first.workload() + " (run)",
                shorten(first.label()), shorten(second.label()), "ratio"));
        Phase a = first.run() != null ? first.run() : first.load();
        Phase b = second.run() != null ? second.run() : second.load();
        row(text, "throughput (ops/s)", a.throughput(), b.throughput());
        row(text, "server CPU µs/op", a.serverCpuMicrosPerOperation(), b.serverCpuMicrosPerOperation());
        if (first.recallAt10() != null && second.recallAt10() != null) {
            row(text, "recall@" + VectorData.NEIGHBOURS, first.recallAt10(), second.recallAt10());
        }
        if (a.messagesPerOperation() >= 0 || b.messagesPerOperation() >= 0) {
            row(text, "internode messages/op", a.messagesPerOperation(), b.messagesPerOperation());
        }
        for (String type : a.byOperation().keySet()) {
            Operation x = a.byOperation().get(type);
            Operation y = b.byOperation().get(type);
            if (y == null) {
                continue;
            }
            row(text, type + " p50 (ms)", x.p50() / 1e3, y.p50() / 1e3);
            row(text, type + " p99 (ms)", x.p99() / 1e3, y.p99() / 1e3);
            row(text, type + " p99.9 (ms)", x.p999() / 1e3, y.p999() / 1e3);
            if (Workload.Operation.valueOf(type).conditional()) {
                row(text, type + " applied %", share(x.applied(), x.count()), share(y.applied(), y.count()));
                row(text, type + " not applied %", share(x.notApplied(), x.count()),
                        share(y.notApplied(), y.count()));
                row(text, type + " unknown %", share(x.unknown(), x.count()), share(y.unknown(), y.count()));
            }
        }
        return text.toString();
    }

    private static double share(long part, long whole) {
        return whole == 0 ? -1 : 100.0 * part / whole;
    }

    private static String shorten(String label) {
        return label.length() <= 16 ? label : label.substring(0, 16);
    }

    private static void row(StringBuilder text, String name, double a, double b) {
        text.append(String.format(Locale.ROOT, "%-28s %16.2f %16.2f %8s%n", name, a, b,
                a > 0 && b >= 0 ? String.format(Locale.ROOT, "%.2f", b / a) : "-"));
    }

    /** An HTML page plotting both results' latency percentiles per operation type (log scale, inline SVG). */
    static String plot(BenchResult first, BenchResult second) {
        Phase a = first.run() != null ? first.run() : first.load();
        Phase b = second.run() != null ? second.run() : second.load();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>cairn bench"
                + "</title></head><body style=\"font-family:sans-serif\"><h1>Latency percentiles, workload "
                + escape(first.workload()) + "</h1><p><span style=\"color:#1f77b4\">&#9632; " + escape(first.label())
                + "</span> &nbsp; <span style=\"color:#d62728\">&#9632; " + escape(second.label()) + "</span></p>");
        for (String type : a.byOperation().keySet()) {
            Operation x = a.byOperation().get(type);
            Operation y = b.byOperation().get(type);
            if (y == null) {
                continue;
            }
            double max = Math.log10(Math.max(10, Math.max(x.max(), y.max())));
            html.append("<h2>").append(escape(type)).append("</h2><svg width=\"640\" height=\"320\" "
                    + "xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"640\" height=\"320\" fill=\"#fff\" "
                    + "stroke=\"#ccc\"/>");
            html.append(polyline(x.percentiles(), max, "#1f77b4")).append(polyline(y.percentiles(), max, "#d62728"));
            int i = 0;
            for (String percentile : x.percentiles().keySet()) {
                html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"312\" font-size=\"11\">p%s</text>",
                        40 + i * 85, escape(percentile)));
                i++;
            }
            html.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"14\" font-size=\"11\">%.1f ms</text>"
                    + "<text x=\"4\" y=\"296\" font-size=\"11\">0.001 ms</text></svg>", Math.pow(10, max) / 1e3));
        }
        return html.append("</body></html>").toString();
    }

    private static String polyline(Map<String, Long> percentiles, double maxLog, String color) {
        StringBuilder points = new StringBuilder();
        int i = 0;
        for (long micros : percentiles.values()) {
            double y = 300 - 290 * Math.log10(Math.max(1, micros)) / maxLog;
            points.append(String.format(Locale.ROOT, "%d,%.1f ", 50 + i * 85, y));
            i++;
        }
        return "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + color + "\" points=\"" + points + "\"/>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
