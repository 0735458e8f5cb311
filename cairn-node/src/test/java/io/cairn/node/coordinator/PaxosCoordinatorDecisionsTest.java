package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.type.NativeType;
import io.cairn.node.paxos.BallotGenerator;
import io.cairn.node.paxos.PaxosCoordinator;
import io.cairn.node.paxos.PaxosReplica;
import io.cairn.node.schema.ColumnKind;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.schema.TableParams;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableOptions;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A transaction's condition is evaluated on the executor the coordinator was given, never where promises arrive. */
class PaxosCoordinatorDecisionsTest {

    private static final long NOW_MICROS = 1_700_000_000_000_000L;
    private static final TableMetadata TABLE = new TableMetadata("ks", "t", new UUID(1, 2), List.of(
            new ColumnMetadata("k", ColumnKind.PARTITION_KEY, 0, NativeType.INT, false),
            new ColumnMetadata("v", ColumnKind.REGULAR, -1, NativeType.INT, false)), TableParams.DEFAULTS);
    private static final PartitionKey KEY = new PartitionKey(11, "k".getBytes(StandardCharsets.UTF_8));

    private final FixedTopology topology = FixedTopology.of("dc1", 1);
    private final ManualClock clock = new ManualClock(NOW_MICROS);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final MessagingService messaging = new InJvmNetwork(scheduler).join(topology.self());
    private final KvStorageEngine storage = new KvStorageEngine(new InMemoryKvStore(), clock, scheduler,
            StorageLimits.DEFAULTS, Duration.ZERO);
    /** The request executor: tasks wait here until the test runs them. */
    private final List<Runnable> queued = new ArrayList<>();
    private final PaxosCoordinator coordinator;

    PaxosCoordinatorDecisionsTest() {
        storage.createTable(TABLE.tableId(), TableOptions.DEFAULTS);
        PaxosReplica replica = new PaxosReplica(storage, messaging, table -> Long.MIN_VALUE);
        coordinator = new PaxosCoordinator(replica, messaging, topology, clock, scheduler, queued::add,
                new SplittableRandom(1), new BallotGenerator(clock, 1, BallotGenerator.unpersisted()),
                Duration.ofSeconds(1), Duration.ofSeconds(1), PaxosCoordinator.CONTENTION_TIMEOUT);
    }

    @AfterEach
    void stop() {
        messaging.close();
        storage.close();
    }

    @Test
    void theConditionIsDecidedOnTheInjectedExecutorAndTheTransactionThenCompletes() {
        AtomicInteger decided = new AtomicInteger();
        PaxosCoordinator.Decision insertIfAbsent = (current, timestampMicros, nowSeconds) -> {
            decided.incrementAndGet();
            return current.rows().isEmpty() ? PartitionUpdate.builder(KEY).row(Row.builder(Clustering.EMPTY)
                    .cell(Cell.live("v", new byte[] {0, 0, 0, 7}, timestampMicros)).build()).build() : null;
        };

        CompletableFuture<PaxosCoordinator.CasOutcome> outcome = coordinator.cas(TABLE, KEY,
                ReadFilter.all(NOW_MICROS / 1_000_000), insertIfAbsent, ConsistencyLevel.SERIAL,
                ConsistencyLevel.QUORUM);

        assertThat(decided).as("promised, but not decided where the promise arrived").hasValue(0);
        assertThat(outcome).isNotDone();
        assertThat(queued).hasSize(1);

        queued.remove(0).run();

        assertThat(decided).hasValue(1);
        assertThat(outcome).isCompleted();
        assertThat(outcome.join().applied()).isTrue();
        assertThat(storage.read(TABLE.tableId(), KEY, ReadFilter.all(NOW_MICROS / 1_000_000)).rows()).hasSize(1);
    }
}
