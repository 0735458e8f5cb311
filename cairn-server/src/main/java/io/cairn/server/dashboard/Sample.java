package io.cairn.server.dashboard;

/**
 * One second of the client requests a node coordinated: when it ended, requests and failed
 * requests a second over it, and the median and 99th percentile latency of the requests that
 * completed in it (0 when none did).
 */
public record Sample(long timeMillis, double opsPerSecond, double p50Millis, double p99Millis,
                     double errorsPerSecond) {
}
