package io.cairn.tools.bench;

import java.util.List;

/** What {@code cairn bench run} was asked to do. */
record BenchSettings(List<String> hosts, Workload workload, long records, long operations, int seconds,
                     int concurrency, double rate, String consistency, int replicationFactor, String dataCenter,
                     String phase, List<Long> serverPids, String label, long seed) {

    BenchSettings {
        if (records < 1 || concurrency < 1 || concurrency > 4096 || operations < 0 || seconds < 0 || rate < 0
                || replicationFactor < 1) {
            throw new IllegalArgumentException("records, concurrency (1-4096) and the replication factor must be "
                    + "positive; operations, duration and rate not negative");
        }
        if (!List.of("load", "run", "both").contains(phase)) {
            throw new IllegalArgumentException("phase must be load, run or both");
        }
        hosts = List.copyOf(hosts);
        serverPids = List.copyOf(serverPids);
    }
}
