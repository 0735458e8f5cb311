package io.cairn.node.coordinator;

import io.cairn.common.time.Clock;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.node.batchlog.TableUpdates;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.TokenRange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DataCoordinator} that measures the client requests it coordinates, as Cassandra's
 * {@code ClientRequest} metrics do: for each operation ({@code read}, {@code range_read},
 * {@code write} (batches too), {@code cas_read}, {@code cas_write}) and consistency level, a
 * latency histogram ({@code cairn_client_request_seconds}) and the failures by the protocol's
 * error kind ({@code cairn_client_request_failures_total}, e.g. {@code write_timeout},
 * {@code unavailable}). A request's time runs from the call to the completion of its stage, by
 * the node's own clock; its meters are looked up once per operation and level, never per call.
 * Each table's coordinated reads, range reads and writes are timed too
 * ({@code cairn_table_coordinator_read_seconds}, {@code _scan_seconds} and {@code _write_seconds}, by keyspace and table; a user table's with their recent median and
 * 99th percentile), as Cassandra's table metrics {@code CoordinatorReadLatency} and
 * {@code CoordinatorWriteLatency}.
 */
public final class MeteredDataCoordinator implements DataCoordinator {

    /** The latency histogram's name (Prometheus: {@code cairn_client_request_seconds}). */
    public static final String LATENCY = "cairn.client.request";
    /** The failure counter's name (Prometheus: {@code cairn_client_request_failures_total}). */
    public static final String FAILURES = "cairn.client.request.failures";
    /** A table's coordinated reads (point, range and serial) and writes (CAS too). */
    public static final String TABLE_READS = "cairn.table.coordinator.read";
    public static final String TABLE_SCANS = "cairn.table.coordinator.scan";
    public static final String TABLE_WRITES = "cairn.table.coordinator.write";

    /** What a client request does, as its meters' {@code operation} tag names it. */
    enum Operation {
        READ, RANGE_READ, WRITE, CAS_READ, CAS_WRITE;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    private final DataCoordinator coordinator;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer[][] timers;
    private final ConcurrentMap<String, Counter> failures;
    private final TableTimers tableReads;
    private final TableTimers tableScans;
    private final TableTimers tableWrites;

    public MeteredDataCoordinator(DataCoordinator coordinator, MeterRegistry registry, Clock clock) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timers = new Timer[Operation.values().length][ConsistencyLevel.values().length];
        this.failures = new ConcurrentHashMap<>();
        this.tableReads = new TableTimers(registry, TABLE_READS, "Partition reads of the table this node coordinated");
        this.tableScans = new TableTimers(registry, TABLE_SCANS, "Range reads of the table this node coordinated");
        this.tableWrites = new TableTimers(registry, TABLE_WRITES, "Writes of the table this node coordinated");
    }

    /** The same meters over {@code coordinator}: a traced request's coordinator, measured as every other. */
    private MeteredDataCoordinator(MeteredDataCoordinator meters, DataCoordinator coordinator) {
        this.coordinator = coordinator;
        this.registry = meters.registry;
        this.clock = meters.clock;
        this.timers = meters.timers;
        this.failures = meters.failures;
        this.tableReads = meters.tableReads;
        this.tableScans = meters.tableScans;
        this.tableWrites = meters.tableWrites;
    }

    @Override
    public DataCoordinator traced(io.cairn.node.tracing.Trace trace) {
        return trace.isOn() ? new MeteredDataCoordinator(this, coordinator.traced(trace)) : this;
    }

    @Override
    public CompletionStage<Void> write(TableMetadata table, List<PartitionUpdate> updates,
                                       ConsistencyLevel consistency) {
        return measured(Operation.WRITE, consistency, table, clock.nanoTime(), coordinator.write(table, updates, consistency));
    }

    @Override
    public CompletionStage<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                               ConsistencyLevel consistency) {
        return measured(Operation.READ, consistency, table, clock.nanoTime(),
                coordinator.read(table, key, filter, consistency));
    }

    @Override
    public CompletionStage<ScanPage> scan(TableMetadata table, TokenRange range, ScanPosition resumeAfter,
                                          ReadFilter filter, ConsistencyLevel consistency,
                                          io.cairn.node.messages.IndexExpression index) {
        return measured(Operation.RANGE_READ, consistency, table, clock.nanoTime(),
                coordinator.scan(table, range, resumeAfter, filter, consistency, index));
    }

    @Override
    public CompletionStage<Void> writeLogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        return measured(Operation.WRITE, consistency, null, clock.nanoTime(), coordinator.writeLogged(batch, consistency));
    }

    @Override
    public CompletionStage<Void> writeUnlogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        return measured(Operation.WRITE, consistency, null, clock.nanoTime(),
                coordinator.writeUnlogged(batch, consistency));
    }

    /** Measured at its serial level, as Cassandra's CASWrite metrics are. */
    @Override
    public CompletionStage<CasResult> cas(TableMetadata table, PartitionKey key, CasRequest request,
                                          ConsistencyLevel serial, ConsistencyLevel commit) {
        return measured(Operation.CAS_WRITE, serial, table, clock.nanoTime(),
                coordinator.cas(table, key, request, serial, commit));
    }

    @Override
    public CompletionStage<PartitionData> readSerial(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                     ConsistencyLevel serial) {
        return measured(Operation.CAS_READ, serial, table, clock.nanoTime(),
                coordinator.readSerial(table, key, filter, serial));
    }

    /** Not a client request that metrics follow (rare, and timed by its own schema step). */
    @Override
    public CompletionStage<Void> truncate(TableMetadata table) {
        return coordinator.truncate(table);
    }

    /**
     * Records {@code stage}'s latency (and {@code table}'s, unless null: a batch may span
     * tables) and failure once it completes; returns it unchanged.
     */
    private <T> CompletionStage<T> measured(Operation operation, ConsistencyLevel consistency, TableMetadata table,
                                            long startNanos, CompletionStage<T> stage) {
        stage.whenComplete((result, error) -> {
            long elapsed = clock.nanoTime() - startNanos;
            timer(operation, consistency).record(elapsed, TimeUnit.NANOSECONDS);
            if (table != null) {
                TableTimers timers = switch (operation) {
                    case READ, CAS_READ -> tableReads;
                    case RANGE_READ -> tableScans;
                    case WRITE, CAS_WRITE -> tableWrites;
                };
                timers.of(table.tableId()).record(elapsed, TimeUnit.NANOSECONDS);
            }
            if (error != null) {
                failure(operation, consistency, error).increment();
            }
        });
        return stage;
    }

    private Timer timer(Operation operation, ConsistencyLevel consistency) {
        Timer timer = timers[operation.ordinal()][consistency.ordinal()];
        if (timer == null) {
            // Racing threads get the same meter from the registry: the array only caches it.
            timer = Timer.builder(LATENCY)
                    .description("Client requests this node coordinated, from the call to the answer")
                    .tag("operation", operation.tag).tag("consistency", consistency.name())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry);
            timers[operation.ordinal()][consistency.ordinal()] = timer;
        }
        return timer;
    }

    /** Removes a dropped table's timers from the registry. */
    public void forget(io.cairn.storage.TableId table) {
        List.of(tableReads, tableScans, tableWrites).forEach(timers -> timers.forget(table));
    }

    /** Removes the timers of every table of a dropped keyspace. */
    public void forgetKeyspace(String keyspace) {
        List.of(tableReads, tableScans, tableWrites).forEach(timers -> timers.forgetKeyspace(keyspace));
    }

    private Counter failure(Operation operation, ConsistencyLevel consistency, Throwable error) {
        String kind = kind(error);
        return failures.computeIfAbsent(operation.tag + '/' + consistency.name() + '/' + kind,
                key -> Counter.builder(FAILURES)
                        .description("Client requests this node coordinated that failed, by the protocol's error kind")
                        .tag("operation", operation.tag).tag("consistency", consistency.name()).tag("kind", kind)
                        .register(registry));
    }

    /** The protocol's error kind of {@code error} in lower case ({@code server_error} for anything else). */
    static String kind(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof CqlException cql ? cql.code().name().toLowerCase(Locale.ROOT) : "server_error";
    }
}
