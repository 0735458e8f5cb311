package io.cairn.node.agreement;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.error.UnavailableException;
import io.cairn.cql.parser.ParserLimits;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.Initialize;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.paxos.BallotGenerator;
import io.cairn.node.metadata.SchemaFixtures;
import io.cairn.node.paxos.PaxosReplica;
import io.cairn.node.schema.DdlTransformer;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaChange;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first node starts the log with the schema it has, also after stopping before it did; a
 * schema change waits for the log, and is refused as Unavailable when no log comes.
 */
class MetadataServiceTest {

    private static final NodeAddress SELF = new NodeAddress("127.0.0.1", 7000);

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final InJvmNetwork network = new InJvmNetwork(scheduler);
    private final InMemoryKvStore disk = new InMemoryKvStore();
    private final SchemaFixtures ddl = SchemaFixtures.rich();
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
    private MetadataService startNode(boolean initializer, Duration running) {
        close();
        messaging = network.join(SELF);
        storage = new KvStorageEngine(disk, clock, scheduler, StorageLimits.DEFAULTS, Duration.ZERO);
        PaxosReplica replica = new PaxosReplica(storage, messaging, table -> Long.MIN_VALUE);
        replica.register(UnaryOperator.identity(), io.cairn.node.replica.EpochGate.OPEN);
        service = new MetadataService(new MetadataService.Settings("c", initializer, List.of(),
                MetadataService.INITIALIZE_DELAY, Duration.ofSeconds(1)), storage, messaging, replica,
                new BallotGenerator(clock, 1, BallotGenerator.unpersisted()), node -> true, node -> true, List::of, clock,
                scheduler, new SplittableRandom(1), Runnable::run, () -> new NodeId(new UUID(0, 1)));
        service.start(new NodeRecord(new NodeId(new UUID(0, 1)), SELF, new NodeAddress("127.0.0.1", 9042),
                "datacenter1", "rack1", NodeState.REGISTERED, "5.0.0"), new TreeSet<>(List.of(42L)), ddl::schema);
        scheduler.advance(running);
        return service;
    }

    private MetadataService startNode() {
        return startNode(true, MetadataService.INITIALIZE_DELAY.plus(MetadataService.RETRY.multipliedBy(3)));
    }

    @Test
    void theFirstNodeStartsTheLogWithTheSchemaItHasAndKeepsItAcrossARestart() {
        assertThat(startNode().current().epoch()).isEqualTo(Epoch.FIRST);
        assertThat(service.log().entriesAfter(Epoch.EMPTY, 10).get(0).transformation())
                .isInstanceOf(Initialize.class);
        assertThat(service.current().schema()).isEqualTo(ddl.schema());
        assertThat(startNode().current().epoch()).as("restarted: the log is kept, nothing is added")
                .isEqualTo(Epoch.FIRST);
    }

    @Test
    void aFirstNodeThatStopsBeforeStartingTheLogStartsItWhenItComesBack() {
        assertThat(startNode(true, Duration.ofMillis(500)).current().epoch()).as("stopped within the delay")
                .isEqualTo(Epoch.EMPTY);
        assertThat(startNode().current().epoch()).isEqualTo(Epoch.FIRST);
    }

    @Test
    void aSchemaChangeWaitsForTheLogThenCommitsOnce() {
        startNode(true, Duration.ZERO);
        CompletableFuture<SchemaChange> change = service.alterSchema(schema -> edit(schema,
                "CREATE TABLE shop.added (k int PRIMARY KEY)"));
        assertThat(change).as("no log yet").isNotDone();
        scheduler.advance(MetadataService.INITIALIZE_DELAY.plusSeconds(1));
        assertThat(change).isCompletedWithValue(SchemaChange.table(SchemaChange.Change.CREATED, "shop", "added"));
        assertThat(service.current().schema().table("shop", "added")).isNotNull();
        assertThat(service.current().epoch()).isEqualTo(Epoch.FIRST.next());

        CompletableFuture<SchemaChange> again = service.alterSchema(schema -> edit(schema,
                "CREATE TABLE IF NOT EXISTS shop.added (k int PRIMARY KEY)"));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(again).as("IF NOT EXISTS: nothing to change").isCompletedWithValue(null);
        assertThat(service.current().epoch()).isEqualTo(Epoch.FIRST.next());

        CompletableFuture<SchemaChange> refused = service.alterSchema(schema -> edit(schema,
                "CREATE TABLE shop.added (k int PRIMARY KEY)"));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(refused).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(io.cairn.cql.error.CqlException.class)
                .withMessageContaining("already existing table");
    }

    @Test
    void aSchemaChangeOnANodeThatGetsNoLogIsRefusedAsUnavailable() {
        startNode(false, Duration.ZERO);
        CompletableFuture<SchemaChange> change = service.alterSchema(schema -> edit(schema,
                "CREATE TABLE shop.added (k int PRIMARY KEY)"));
        scheduler.advance(MetadataService.LOG_WAIT.minusMillis(1));
        assertThat(change).isNotDone();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(change).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(UnavailableException.class)
                .withMessageContaining("has not received the cluster metadata log");
    }

    private DdlTransformer.Edit edit(Schema schema, String cql) {
        return new DdlTransformer(clock, new SplittableRandom(7)).edit(
                new StatementParser(ParserLimits.DEFAULT).parse(cql).statement(), null, schema,
                () -> Set.of("datacenter1"));
    }
}
