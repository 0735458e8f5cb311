package io.cairn.benchmarks.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import org.HdrHistogram.Histogram;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load through the Java driver: {@code concurrency} requests always in flight,
 * prepared point INSERTs, then prepared point SELECTs of the written keys, each for a fixed
 * time after a warm-up. Prints throughput and latency percentiles per operation.
 *
 * <p>Run against a node started with {@code ./cairn} (or any CQL endpoint):
 * {@code java -cp cairn-benchmarks/target/benchmarks.jar io.cairn.benchmarks.driver.DriverLoad 127.0.0.1 9042 30 32}
 * and optionally a consistency level and a replication factor for its keyspace:
 * {@code ... DriverLoad 127.0.0.1 9042 30 32 QUORUM 3}.
 */
public final class DriverLoad {

    private DriverLoad() {
    }

    public static void main(String[] args) throws InterruptedException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9042;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        com.datastax.oss.driver.api.core.ConsistencyLevel consistency = args.length > 4
                ? com.datastax.oss.driver.api.core.DefaultConsistencyLevel.valueOf(args[4])
                : com.datastax.oss.driver.api.core.DefaultConsistencyLevel.LOCAL_ONE;
        int replicationFactor = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        try (CqlSession session = CqlSession.builder().addContactPoint(new InetSocketAddress(host, port))
                .withLocalDatacenter("datacenter1").build()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS load WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': " + replicationFactor + "}");
            session.execute("CREATE TABLE IF NOT EXISTS load.kv (k bigint PRIMARY KEY, v text)");
            PreparedStatement insert = session.prepare("INSERT INTO load.kv (k, v) VALUES (?, ?)");
            PreparedStatement select = session.prepare("SELECT v FROM load.kv WHERE k = ?");
            String value = "v".repeat(100);
            AtomicLong keys = new AtomicLong();
            Operation write = () -> session.executeAsync(insert.bind(keys.getAndIncrement(), value)
                    .setConsistencyLevel(consistency)).toCompletableFuture().thenApply(r -> null);
            run("warm-up INSERT", write, 10, concurrency, false);
            run("INSERT", write, seconds, concurrency, true);
            long written = keys.get();
            AtomicLong reads = new AtomicLong();
            Operation read = () -> session.executeAsync(select.bind(Math.floorMod(reads.getAndIncrement() * 7919,
                    written)).setConsistencyLevel(consistency)).toCompletableFuture().thenApply(r -> null);
            run("warm-up SELECT", read, 10, concurrency, false);
            run("SELECT", read, seconds, concurrency, true);
        }
    }

    @FunctionalInterface
    interface Operation {
        CompletableFuture<Void> start();
    }

    private static void run(String name, Operation operation, int seconds, int concurrency, boolean report)
            throws InterruptedException {
        Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            loop(operation, end, latencies, completed, failed, done);
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (report) {
            synchronized (latencies) {
                System.out.printf(Locale.ROOT, "%-7s %9.0f ops/s  p50 %6.3f ms  p99 %6.3f ms  p99.9 %6.3f ms  "
                                + "max %7.3f ms  (%d ops, %d failed, %d in flight)%n", name, completed.get() / elapsed,
                        latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(99) / 1e6,
                        latencies.getValueAtPercentile(99.9) / 1e6, latencies.getMaxValue() / 1e6, completed.get(),
                        failed.get(), concurrency);
            }
        }
    }

    private static void loop(Operation operation, long end, Histogram latencies, AtomicLong completed,
                             AtomicLong failed, CountDownLatch done) {
        long begin = System.nanoTime();
        if (begin >= end) {
            done.countDown();
            return;
        }
        operation.start().whenComplete((result, error) -> {
            long latency = System.nanoTime() - begin;
            synchronized (latencies) {
                latencies.recordValue(Math.min(latency, latencies.getHighestTrackableValue()));
            }
            if (error == null) {
                completed.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            loop(operation, end, latencies, completed, failed, done);
        });
    }
}
