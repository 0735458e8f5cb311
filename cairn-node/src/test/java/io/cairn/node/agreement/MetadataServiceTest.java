package io.cairn.node.agreement;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.Initialize;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.paxos.BallotGenerator;
import io.cairn.node.paxos.PaxosReplica;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first node starts the log only if its storage began with the log: one that ran an earlier
 * Cairn (it joined a ring, and has no log) waits for a migration, even across restarts.
 */
class MetadataServiceTest {

    private static final NodeAddress SELF = new NodeAddress("127.0.0.1", 7000);

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final InJvmNetwork network = new InJvmNetwork(scheduler);
    private final InMemoryKvStore disk = new InMemoryKvStore();
    private MessagingService messaging;
    private KvStorageEngine storage;
    private MetadataService service;

    @AfterEach
    void stop() {
        close();
    }

    private void close() {
        if (service != null) {
            service.close();
            messaging.close();
            storage.close();
        }
    }

    /** Opens this node again over the same disk, as a restarted process would, and starts its service. */
    private MetadataService startNode(boolean newNode) {
        return startNode(newNode, MetadataService.INITIALIZE_DELAY.plus(MetadataService.RETRY.multipliedBy(3)));
    }

    /** As {@link #startNode(boolean)}, running it for {@code running} only. */
    private MetadataService startNode(boolean newNode, Duration running) {
        close();
        messaging = network.join(SELF);
        storage = new KvStorageEngine(disk, clock, scheduler, StorageLimits.DEFAULTS, Duration.ZERO);
        PaxosReplica replica = new PaxosReplica(storage, messaging, table -> Long.MIN_VALUE);
        replica.register(UnaryOperator.identity());
        service = new MetadataService(new MetadataService.Settings("c", true, List.of(),
                MetadataService.INITIALIZE_DELAY, Duration.ofSeconds(1)), newNode, storage, messaging, replica,
                new BallotGenerator(clock, 1, BallotGenerator.unpersisted()), node -> true, List::of, clock,
                scheduler, new SplittableRandom(1), Runnable::run);
        service.start(new NodeRecord(new NodeId(new UUID(0, 1)), SELF, new NodeAddress("127.0.0.1", 9042),
                "datacenter1", "rack1", NodeState.REGISTERED, "5.0.0"), new TreeSet<>(List.of(42L)));
        scheduler.advance(running);
        return service;
    }

    @Test
    void aNewFirstNodeStartsTheLogAndStillKnowsItMayAfterACrashBeforeDoingSo() {
        assertThat(startNode(true).current().epoch()).isEqualTo(Epoch.FIRST);
        assertThat(service.log().entriesAfter(Epoch.EMPTY, 10).get(0).transformation())
                .isInstanceOf(Initialize.class);
        assertThat(startNode(false).current().epoch()).as("restarted: the log is kept, nothing is added")
                .isEqualTo(Epoch.FIRST);
    }

    @Test
    void aFirstNodeThatJoinedARingWithoutALogNeverStartsOne() {
        assertThat(startNode(false).current().epoch()).isEqualTo(Epoch.EMPTY);
        assertThat(startNode(false).current().epoch()).as("nor after a restart").isEqualTo(Epoch.EMPTY);
    }

    @Test
    void aNewFirstNodeThatStopsBeforeStartingTheLogStartsItWhenItComesBack() {
        assertThat(startNode(true, Duration.ofMillis(500)).current().epoch()).as("stopped within the delay")
                .isEqualTo(Epoch.EMPTY);
        // The next start is not new (the node has its tokens), but its storage began with the log.
        assertThat(startNode(false).current().epoch()).isEqualTo(Epoch.FIRST);
    }
}
