package io.cairn.tools.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cairn.common.time.Clock;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link BenchSettings}: creates YCSB's keyspace and table if missing, loads the records
 * (phase load), then runs the workload's operation mix (phase run) with a bounded number of
 * requests in flight, optionally paced to a target rate. Each operation's latency is recorded
 * in an HdrHistogram from its intended start (its slot in the target rate, else its send
 * time), so a stalled server shows up in the percentiles instead of hiding behind fewer
 * requests. Server CPU time comes from /proc for the given process ids.
 */
final class BenchRunner {

    static final String KEYSPACE = "ycsb";
    static final String TABLE = "usertable";
    private static final long HIGHEST_MICROS = Duration.ofMinutes(2).toNanos() / 1_000;

    private final BenchSettings settings;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    /** Connects over TLS with this context when not null. */
    private javax.net.ssl.SSLContext tls;

    /** Connects over TLS, trusting what {@code context} trusts. */
    void overTls(javax.net.ssl.SSLContext context) {
        this.tls = context;
    }

    BenchRunner(BenchSettings settings, Clock clock, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    /**
     * How a measured statement ended. DONE for a plain statement that succeeded; a conditional
     * one was APPLIED, NOT_APPLIED or its outcome is UNKNOWN (a timeout during its Paxos round,
     * which is neither a success nor an error); FAILED for an error. Every outcome but FAILED
     * counts in the latencies: an unknown outcome kept its client waiting as long as any other.
     */
    enum Outcome { DONE, APPLIED, NOT_APPLIED, UNKNOWN, FAILED }

    /** The recorded latencies, errors and conditional outcomes of one phase, by operation. */
    static final class Recording {
        final Map<Workload.Operation, Histogram> latencies = new EnumMap<>(Workload.Operation.class);
        final Map<Workload.Operation, Map<Outcome, AtomicLong>> outcomes = new EnumMap<>(Workload.Operation.class);
        final AtomicLong done = new AtomicLong();

        Recording() {
            for (Workload.Operation operation : Workload.Operation.values()) {
                latencies.put(operation, new Histogram(HIGHEST_MICROS, 3));
                Map<Outcome, AtomicLong> counts = new EnumMap<>(Outcome.class);
                for (Outcome outcome : Outcome.values()) {
                    counts.put(outcome, new AtomicLong());
                }
                outcomes.put(operation, counts);
            }
        }

        void record(Workload.Operation operation, long micros, boolean failed) {
            record(operation, micros, failed ? Outcome.FAILED : Outcome.DONE);
        }

        void record(Workload.Operation operation, long micros, Outcome outcome) {
            outcomes.get(operation).get(outcome).incrementAndGet();
            if (outcome != Outcome.FAILED) {
                Histogram histogram = latencies.get(operation);
                synchronized (histogram) {
                    histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
                }
            }
            done.incrementAndGet();
        }

        long count(Workload.Operation operation, Outcome outcome) {
            return outcomes.get(operation).get(outcome).get();
        }
    }

    boolean run(Path output) throws Exception {
        List<InetSocketAddress> contacts = new ArrayList<>();
        for (String host : settings.hosts()) {
            int colon = host.lastIndexOf(':');
            contacts.add(colon > 0 ? new InetSocketAddress(host.substring(0, colon),
                    Integer.parseInt(host.substring(colon + 1))) : new InetSocketAddress(host, 9042));
        }
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(12))
                .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 32_768)
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY,
                        DefaultConsistencyLevel.valueOf(settings.consistency().toUpperCase(Locale.ROOT)).name())
                .build();
        try (CqlSession session = CqlSession.builder().addContactPoints(contacts)
                .withLocalDatacenter(settings.dataCenter()).withConfigLoader(config).withSslContext(tls).build()) {
            Statements statements = Statements.prepare(session, settings.replicationFactor(),
                    settings.workload().indexed(), settings.workload().vectors());
            CasWorkload cas = settings.workload().conditional()
                    ? new CasWorkload(DriverCasClient.prepare(session), settings.workload(), settings.records(), clock)
                    : null;
            BenchResult.Phase load = null;
            BenchResult.Phase run = null;
            if (!settings.phase().equals("run")) {
                load = phase("load", session, statements, null, true);
            }
            if (!settings.phase().equals("load")) {
                run = phase("run", session, statements, cas, false);
            }
            Double recall = null;
            if (settings.workload().vectors() && run != null) {
                err.println("Measuring recall@" + VectorData.NEIGHBOURS + " on " + VectorData.RECALL_QUERIES
                        + " queries against the exact nearest records");
                recall = VectorData.recall(session, statements.vectorSearch(), settings.records());
            }
            BenchResult result = new BenchResult(settings.label(), settings.workload().name(), settings.records(),
                    settings.concurrency(), settings.rate(), settings.consistency(), settings.replicationFactor(),
                    load, run, recall);
            out.print(result.summary());
            if (output != null) {
                result.write(output);
                out.println("Result written to " + output);
            }
            long failed = (load == null ? 0 : load.errors()) + (run == null ? 0 : run.errors());
            return failed == 0;
        }
    }

    private BenchResult.Phase phase(String name, CqlSession session, Statements statements, CasWorkload cas,
                                    boolean loading) throws InterruptedException {
        Recording recording = new Recording();
        SplittableRandom random = new SplittableRandom(settings.seed() + (loading ? 0 : 1));
        KeyChooser keys = KeyChooser.of(settings.workload().distribution(), settings.records());
        AtomicLong inserted = new AtomicLong(settings.records());
        long operations = loading ? settings.records() : settings.operations();
        long deadline = !loading && settings.seconds() > 0
                ? clock.nanoTime() + Duration.ofSeconds(settings.seconds()).toNanos() : Long.MAX_VALUE;
        long interval = settings.rate() > 0 ? (long) (1e9 / settings.rate()) : 0;
        Semaphore inFlight = new Semaphore(settings.concurrency());
        Map<String, Long> countersBefore = ServerCounters.read(session);
        long[] cpuBefore = ProcessCpu.nanos(settings.serverPids());
        long start = clock.nanoTime();
        long lastReport = start;
        long reportedDone = 0;
        for (long i = 0; (settings.seconds() > 0 && !loading) || i < operations; i++) {
            long intended = interval > 0 ? start + i * interval : 0;
            if (interval > 0) {
                long wait = intended - clock.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            inFlight.acquire();
            long now = clock.nanoTime();
            if (now >= deadline) {
                inFlight.release();
                break;
            }
            long begin = interval > 0 ? intended : now;
            Workload.Operation operation = loading ? loadOperation() : settings.workload().pick(random.nextDouble());
            if (operation.conditional()) {
                // It records its own steps (a SERIAL read, then the conditional update) and outcomes.
                cas.issue(operation, begin, random, recording).whenComplete((ignored, error) -> inFlight.release());
            } else {
                CompletionStage<?> pending = issue(session, statements, operation, loading ? i : -1, keys, random,
                        inserted);
                pending.whenComplete((ignored, error) -> {
                    recording.record(operation, (clock.nanoTime() - begin) / 1_000, error != null);
                    inFlight.release();
                });
            }
            if (now - lastReport >= 1_000_000_000L) {
                long done = recording.done.get();
                err.printf(Locale.ROOT, "[%s %4d s] %,d ops, %,.0f ops/s%n", name, (now - start) / 1_000_000_000L,
                        done, (done - reportedDone) * 1e9 / (now - lastReport));
                lastReport = now;
                reportedDone = done;
            }
        }
        inFlight.acquire(settings.concurrency());
        long elapsed = clock.nanoTime() - start;
        long[] cpuAfter = ProcessCpu.nanos(settings.serverPids());
        long serverCpu = 0;
        for (int p = 0; p < cpuAfter.length; p++) {
            serverCpu += cpuAfter[p] - cpuBefore[p];
        }
        Map<String, Long> counters = ServerCounters.delta(countersBefore, ServerCounters.read(session));
        return BenchResult.Phase.of(recording, elapsed, serverCpu, settings.serverPids().isEmpty(), counters);
    }

    /** What the load phase writes: YCSB's records, or the indexed or vector table's. */
    private Workload.Operation loadOperation() {
        if (settings.workload().vectors()) {
            return Workload.Operation.VECTOR_INSERT;
        }
        return settings.workload().indexed() ? Workload.Operation.INDEX_INSERT : Workload.Operation.INSERT;
    }

    private CompletionStage<?> issue(CqlSession session, Statements statements, Workload.Operation operation,
                                     long loadRecord, KeyChooser keys, SplittableRandom random, AtomicLong inserted) {
        switch (operation) {
            case INSERT -> {
                long record = loadRecord >= 0 ? loadRecord : inserted.getAndIncrement();
                return session.executeAsync(statements.insert(Keys.key(record), random));
            }
            case READ -> {
                return session.executeAsync(statements.read(Keys.key(keys.next(random, inserted.get()))));
            }
            case UPDATE -> {
                return session.executeAsync(statements.update(Keys.key(keys.next(random, inserted.get())), random));
            }
            case SCAN -> {
                return session.executeAsync(statements.scan(Keys.key(keys.next(random, inserted.get())),
                        1 + random.nextInt(Workload.MAX_SCAN_LENGTH))).thenCompose(BenchRunner::drain);
            }
            case INDEX_INSERT -> {
                return session.executeAsync(statements.indexInsert(loadRecord, settings.records()));
            }
            case INDEX_EQ -> {
                return session.executeAsync(statements.indexEq(keys.next(random, inserted.get()), settings.records()))
                        .thenCompose(BenchRunner::drain);
            }
            case INDEX_RANGE -> {
                return session.executeAsync(statements.indexRange(keys.next(random, inserted.get())))
                        .thenCompose(BenchRunner::drain);
            }
            case VECTOR_INSERT -> {
                return session.executeAsync(statements.vectorInsert(loadRecord));
            }
            case VECTOR_SEARCH -> {
                // Queries past those recall is measured on, drawn from the same distribution.
                long query = VectorData.RECALL_QUERIES + random.nextInt(Integer.MAX_VALUE);
                return session.executeAsync(statements.vectorSearch().bind(VectorData.cql(VectorData.query(query)))
                        .setIdempotent(true)).thenCompose(BenchRunner::drain);
            }
            default -> {
                String key = Keys.key(keys.next(random, inserted.get()));
                BoundStatement update = statements.update(key, random);
                return session.executeAsync(statements.read(key))
                        .thenCompose(read -> session.executeAsync(update));
            }
        }
    }

    /** Reads every page of a scan. */
    private static CompletionStage<AsyncResultSet> drain(AsyncResultSet page) {
        if (!page.hasMorePages()) {
            return CompletableFuture.completedFuture(page);
        }
        return page.fetchNextPage().thenCompose(BenchRunner::drain);
    }

    /** YCSB's statements, prepared once: the same as its Cassandra binding. */
    record Statements(PreparedStatement insert, PreparedStatement read, PreparedStatement[] updates,
                      PreparedStatement scan, PreparedStatement indexInsert, PreparedStatement indexEq,
                      PreparedStatement indexRange, PreparedStatement vectorInsert, PreparedStatement vectorSearch) {

        /**
         * YCSB's, with {@code indexed} the indexed table's, made with its two storage-attached
         * indexes, and with {@code vectors} the vector table's, made with its vector index.
         */
        static Statements prepare(CqlSession session, int replicationFactor, boolean indexed, boolean vectors) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE + " WITH replication = "
                    + "{'class': 'SimpleStrategy', 'replication_factor': " + replicationFactor + "}");
            StringBuilder columns = new StringBuilder();
            StringBuilder names = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            for (int f = 0; f < Workload.FIELDS; f++) {
                columns.append(", field").append(f).append(" text");
                names.append(", field").append(f);
                marks.append(", ?");
            }
            session.execute("CREATE TABLE IF NOT EXISTS " + KEYSPACE + "." + TABLE + " (y_id text PRIMARY KEY"
                    + columns + ")");
            PreparedStatement[] updates = new PreparedStatement[Workload.FIELDS];
            for (int f = 0; f < Workload.FIELDS; f++) {
                updates[f] = session.prepare("UPDATE " + KEYSPACE + "." + TABLE + " SET field" + f
                        + " = ? WHERE y_id = ?");
            }
            PreparedStatement indexInsert = null;
            PreparedStatement indexEq = null;
            PreparedStatement indexRange = null;
            if (indexed) {
                String table = KEYSPACE + ".indexed";
                session.execute("CREATE TABLE IF NOT EXISTS " + table + " (y_id text PRIMARY KEY, tag int, score int)");
                session.execute("CREATE CUSTOM INDEX IF NOT EXISTS indexed_tag ON " + table
                        + " (tag) USING 'StorageAttachedIndex'");
                session.execute("CREATE CUSTOM INDEX IF NOT EXISTS indexed_score ON " + table
                        + " (score) USING 'StorageAttachedIndex'");
                indexInsert = session.prepare("INSERT INTO " + table + " (y_id, tag, score) VALUES (?, ?, ?)");
                indexEq = session.prepare("SELECT y_id FROM " + table + " WHERE tag = ?");
                indexRange = session.prepare("SELECT y_id FROM " + table + " WHERE score >= ? AND score < ?");
            }
            PreparedStatement vectorInsert = null;
            PreparedStatement vectorSearch = null;
            if (vectors) {
                String table = KEYSPACE + ".vectors";
                session.execute("CREATE TABLE IF NOT EXISTS " + table + " (y_id text PRIMARY KEY, v vector<float, "
                        + VectorData.DIMENSION + ">)");
                session.execute("CREATE CUSTOM INDEX IF NOT EXISTS vectors_v ON " + table
                        + " (v) USING 'StorageAttachedIndex'");
                vectorInsert = session.prepare("INSERT INTO " + table + " (y_id, v) VALUES (?, ?)");
                vectorSearch = session.prepare("SELECT y_id FROM " + table + " ORDER BY v ANN OF ? LIMIT "
                        + VectorData.NEIGHBOURS);
            }
            return new Statements(
                    session.prepare("INSERT INTO " + KEYSPACE + "." + TABLE + " (y_id" + names + ") VALUES (?"
                            + marks + ")"),
                    session.prepare("SELECT * FROM " + KEYSPACE + "." + TABLE + " WHERE y_id = ? LIMIT 1"),
                    updates,
                    session.prepare("SELECT * FROM " + KEYSPACE + "." + TABLE
                            + " WHERE token(y_id) >= token(?) LIMIT ?"),
                    indexInsert, indexEq, indexRange, vectorInsert, vectorSearch);
        }

        /** The vector table's record {@code record}. */
        BoundStatement vectorInsert(long record) {
            return vectorInsert.bind(Keys.key(record), VectorData.cql(VectorData.vector(record))).setIdempotent(true);
        }

        /** The indexed table's record {@code record}: its tag spreads neighbours over the tags. */
        BoundStatement indexInsert(long record, long records) {
            return indexInsert.bind(Keys.key(record), tag(record, records), (int) record).setIdempotent(true);
        }

        /** The records of the tag of record {@code record}. */
        BoundStatement indexEq(long record, long records) {
            return indexEq.bind(tag(record, records)).setIdempotent(true);
        }

        /** {@link Workload#RANGE_ROWS} records from {@code record} on, by score. */
        BoundStatement indexRange(long record) {
            return indexRange.bind((int) record, (int) record + Workload.RANGE_ROWS).setIdempotent(true);
        }

        private static int tag(long record, long records) {
            long tags = Math.max(1, records / Workload.TAG_ROWS);
            return (int) Math.floorMod(record * 7_919L, tags);
        }

        BoundStatement insert(String key, SplittableRandom random) {
            Object[] values = new Object[Workload.FIELDS + 1];
            values[0] = key;
            for (int f = 0; f < Workload.FIELDS; f++) {
                values[f + 1] = value(random);
            }
            return insert.bind(values).setIdempotent(true);
        }

        BoundStatement read(String key) {
            return read.bind(key).setIdempotent(true);
        }

        BoundStatement update(String key, SplittableRandom random) {
            return updates[random.nextInt(Workload.FIELDS)].bind(value(random), key).setIdempotent(true);
        }

        BoundStatement scan(String key, int length) {
            return scan.bind(key, length).setIdempotent(true);
        }

        /** A random field value: 100 printable ASCII characters. */
        static String value(SplittableRandom random) {
            char[] chars = new char[Workload.FIELD_LENGTH];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) (' ' + random.nextInt(95));
            }
            return new String(chars);
        }
    }
}
