package io.cairn.node.agreement;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.error.UnavailableException;
import io.cairn.node.metadata.AddMetadataReplica;
import io.cairn.node.metadata.AdvanceMovement;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.Initialize;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.metadata.PrepareJoin;
import io.cairn.node.metadata.Register;
import io.cairn.node.metadata.Transformation;
import io.cairn.node.metadata.log.InMemoryLogStore;
import io.cairn.node.metadata.log.LocalLog;
import io.cairn.node.paxos.BallotGenerator;
import io.cairn.node.paxos.PaxosCoordinator;
import io.cairn.node.paxos.PaxosReplica;
import io.cairn.node.schema.Schema;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableOptions;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five nodes on an in-JVM network, three of them metadata replicas, commit entries to the
 * metadata log through Paxos per slot: concurrent commits all land once and every node's log
 * is a prefix of the same log; a refusal is linearizable; a minority cannot commit.
 */
class MetadataCommitterTest {

    private static final int NODES = 5;
    private static final String CLUSTER = "Test Cluster";

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final InJvmNetwork network = new InJvmNetwork(scheduler);
    private final List<Member> members = new ArrayList<>();
    private final Set<NodeAddress> down = new HashSet<>();

    /** One node: its storage, Paxos replica, log and committer. */
    private final class Member {
        final NodeAddress address;
        final MessagingService messaging;
        final KvStorageEngine storage;
        final LocalLog log;
        final MetadataCommitter committer;

        Member(int i, List<LogEntry> base) {
            address = address(i);
            messaging = network.join(address);
            storage = new KvStorageEngine(new InMemoryKvStore(), clock, scheduler, StorageLimits.DEFAULTS,
                    Duration.ZERO);
            storage.createTable(MetadataSlots.TABLE.tableId(), TableOptions.DEFAULTS);
            PaxosReplica replica = new PaxosReplica(storage, messaging, table -> Long.MIN_VALUE);
            replica.register(UnaryOperator.identity(), io.cairn.node.replica.EpochGate.OPEN);
            log = new LocalLog(new InMemoryLogStore(), ClusterMetadata.empty(CLUSTER, Schema.of(Map.of())));
            log.append(base);
            MetadataReplicaTopology electorate = new MetadataReplicaTopology(address, log::current, log::at,
                    node -> !down.contains(node), () -> id(i));
            PaxosCoordinator paxos = new PaxosCoordinator(replica, messaging, electorate, clock, scheduler,
                    Runnable::run, new SplittableRandom(i), new BallotGenerator(clock, i, BallotGenerator.unpersisted()),
                    Duration.ofSeconds(2), Duration.ofSeconds(2), PaxosCoordinator.CONTENTION_TIMEOUT);
            committer = new MetadataCommitter(paxos, MetadataCommitter.Log.of(log), clock, scheduler,
                    new SplittableRandom(100 + i));
        }
    }

    private static NodeAddress address(int i) {
        return new NodeAddress("127.0.0." + i, 7000);
    }

    private static NodeId id(int i) {
        return new NodeId(new UUID(0, i));
    }

    private static NodeRecord record(int i) {
        return new NodeRecord(id(i), address(i), new NodeAddress(address(i).host(), 9042), "datacenter1", "rack1",
                NodeState.REGISTERED, "test");
    }

    /** Nodes 1..5 joined (tokens i * 1000), nodes 1, 2 and 3 the metadata replicas. */
    private static List<LogEntry> baseLog() {
        List<Transformation> changes = new ArrayList<>();
        changes.add(new Initialize(CLUSTER, record(1), new TreeSet<>(List.of(1000L)), Schema.of(Map.of())));
        for (int i = 2; i <= NODES; i++) {
            changes.add(new Register(record(i)));
            changes.add(new PrepareJoin(id(i), new TreeSet<>(List.of(i * 1000L))));
            for (AdvanceMovement.To to : AdvanceMovement.To.values()) {
                changes.add(new AdvanceMovement(id(i), to));
            }
        }
        changes.add(new AddMetadataReplica(id(2)));
        changes.add(new AddMetadataReplica(id(3)));
        List<LogEntry> entries = new ArrayList<>();
        for (int e = 0; e < changes.size(); e++) {
            entries.add(new LogEntry(new Epoch(e + 1), e, changes.get(e)));
        }
        return entries;
    }

    private void start() {
        List<LogEntry> base = baseLog();
        for (int i = 1; i <= NODES; i++) {
            members.add(new Member(i, base));
        }
        assertThat(members.get(0).log.current().metadataReplicas()).containsExactly(id(1), id(2), id(3));
    }

    @AfterEach
    void stop() {
        for (Member member : members) {
            member.messaging.close();
            member.storage.close();
        }
    }

    /** Runs the cluster until every future is done, or fails after an hour of virtual time. */
    private void runUntilDone(List<? extends CompletableFuture<?>> futures) {
        for (int second = 0; second < 3_600 && !futures.stream().allMatch(CompletableFuture::isDone); second++) {
            scheduler.advance(Duration.ofSeconds(1));
        }
        assertThat(futures).allMatch(CompletableFuture::isDone);
    }

    @Test
    void concurrentCommitsFromEveryNodeEachLandOnceInOneLog() {
        start();
        List<CompletableFuture<ClusterMetadata>> commits = new ArrayList<>();
        int perNode = 10;
        for (int n = 0; n < NODES; n++) {
            for (int k = 0; k < perNode; k++) {
                int newcomer = 100 + n * perNode + k;
                commits.add(members.get(n).committer.commit(current -> new Register(record(newcomer))));
            }
        }
        runUntilDone(commits);
        assertThat(commits).allMatch(commit -> !commit.isCompletedExceptionally());
        ClusterMetadata longest = members.stream().map(member -> member.log.current())
                .max((a, b) -> a.epoch().compareTo(b.epoch())).orElseThrow();
        Epoch base = new Epoch(baseLog().size());
        assertThat(longest.epoch().value()).isEqualTo(base.value() + NODES * perNode);
        for (int newcomer = 100; newcomer < 100 + NODES * perNode; newcomer++) {
            assertThat(longest.directory().get(id(newcomer))).as("node %d registered", newcomer).isNotNull();
        }
        List<LogEntry> log = members.stream().map(member -> member.log)
                .filter(local -> local.epoch().equals(longest.epoch())).findFirst().orElseThrow()
                .entriesAfter(Epoch.EMPTY, 1_000);
        for (Member member : members) {
            assertThat(member.log.entriesAfter(Epoch.EMPTY, 1_000))
                    .as("%s's log is a prefix of the longest", member.address)
                    .isEqualTo(log.subList(0, (int) member.log.epoch().value()));
        }
    }

    @Test
    void ofTwoRacingRegistrationsOfOneNodeOneIsRefused() {
        start();
        CompletableFuture<ClusterMetadata> first = members.get(0).committer.commit(current -> new Register(record(42)));
        CompletableFuture<ClusterMetadata> second = members.get(4).committer.commit(current -> new Register(record(42)));
        runUntilDone(List.of(first, second));
        List<CompletableFuture<ClusterMetadata>> refused = List.of(first, second).stream()
                .filter(CompletableFuture::isCompletedExceptionally).toList();
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0)).failsWithin(Duration.ZERO).withThrowableOfType(Exception.class)
                .havingCause().isInstanceOf(MetadataCommitter.RejectedException.class)
                .withMessageContaining("registered already");
    }

    /** The change a DDL statement makes at each attempt's snapshot. */
    private static java.util.function.Function<ClusterMetadata, Transformation> ddl(String cql) {
        io.cairn.cql.ast.Statement statement = new io.cairn.cql.parser.StatementParser(
                io.cairn.cql.parser.ParserLimits.DEFAULT).parse(cql).statement();
        io.cairn.node.schema.DdlTransformer transformer = new io.cairn.node.schema.DdlTransformer(
                new ManualClock(1_700_000_000_000_000L), new SplittableRandom(cql.hashCode()));
        return current -> {
            io.cairn.node.schema.DdlTransformer.Edit edit = transformer.edit(statement, null, current.schema(),
                    () -> Set.of("datacenter1"));
            return edit == null ? null : io.cairn.node.metadata.AlterSchema.of(current, edit);
        };
    }

    @Test
    void ofTwoConcurrentCreateTablesOfOneNameOneSucceedsAndTheOtherFindsItExists() {
        start();
        CompletableFuture<ClusterMetadata> keyspace = members.get(2).committer.commit(ddl(
                "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}"));
        runUntilDone(List.of(keyspace));
        CompletableFuture<ClusterMetadata> one = members.get(0).committer.commit(ddl(
                "CREATE TABLE ks.t (k int PRIMARY KEY, v int)"));
        CompletableFuture<ClusterMetadata> other = members.get(4).committer.commit(ddl(
                "CREATE TABLE ks.t (k int PRIMARY KEY, w text)"));
        runUntilDone(List.of(one, other));
        List<CompletableFuture<ClusterMetadata>> created = List.of(one, other).stream()
                .filter(commit -> !commit.isCompletedExceptionally()).toList();
        assertThat(created).hasSize(1);
        assertThat(List.of(one, other).stream().filter(CompletableFuture::isCompletedExceptionally).toList().get(0))
                .failsWithin(Duration.ZERO).withThrowableOfType(Exception.class)
                .havingCause().isInstanceOf(io.cairn.cql.error.AlreadyExistsException.class);
        ClusterMetadata winner = created.get(0).join();
        String column = created.get(0) == one ? "v" : "w";
        assertThat(winner.schema().table("ks", "t").column(column)).isNotNull();

        CompletableFuture<ClusterMetadata> again = members.get(1).committer.commit(ddl(
                "CREATE TABLE IF NOT EXISTS ks.t (k int PRIMARY KEY)"));
        runUntilDone(List.of(again));
        assertThat(again.join().epoch()).as("IF NOT EXISTS commits nothing").isEqualTo(
                members.stream().map(member -> member.log.epoch()).max(Epoch::compareTo).orElseThrow());
    }

    @Test
    void aRefusalStandsOnlyOnceTheSnapshotItWasJudgedAgainstIsTheLogsEnd() {
        start();
        Member behind = members.get(0);
        runUntilDone(List.of(behind.committer.commit(ddl(
                "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}"))));
        runUntilDone(List.of(behind.committer.commit(ddl("CREATE TABLE ks.t (k int PRIMARY KEY)"))));
        CompletableFuture<ClusterMetadata> drop = members.get(1).committer.commit(ddl("DROP TABLE ks.t"));
        runUntilDone(List.of(drop));
        assertThat(behind.log.current().schema().table("ks", "t")).as("this node did not hear of the drop").isNotNull();

        CompletableFuture<ClusterMetadata> create = behind.committer.commit(ddl("CREATE TABLE ks.t (k int PRIMARY KEY)"));
        runUntilDone(List.of(create));
        assertThat(create).as("its snapshot said the table exists, but the log had dropped it since")
                .isCompletedWithValueMatching(metadata -> metadata.schema().table("ks", "t") != null
                        && metadata.epoch().isAfter(drop.join().epoch()));
    }

    @Test
    void aCommitWhoseOutcomeWasUncertainIsFoundInTheLogItWasDecidedIn() {
        start();
        java.util.concurrent.atomic.AtomicBoolean dropAcceptances = new java.util.concurrent.atomic.AtomicBoolean(true);
        network.setDeliveryPolicy((from, to, message) -> dropAcceptances.get() && message.isResponse()
                && message.verb() == io.cairn.cluster.messaging.Verb.PAXOS_PROPOSE && to.equals(address(1))
                ? java.util.Optional.empty() : java.util.Optional.of(Duration.ZERO));
        Member node = members.get(0);
        CompletableFuture<ClusterMetadata> uncertain = node.committer.commit(current -> new Register(record(61)));
        scheduler.runDue();
        assertThat(uncertain).as("its proposal was accepted, but the acceptances were lost").isNotDone();
        dropAcceptances.set(false);
        // Another commit of this node learns the slot's value first, and takes the next slot.
        CompletableFuture<ClusterMetadata> other = node.committer.commit(current -> new Register(record(62)));
        runUntilDone(List.of(uncertain, other));
        assertThat(other).isCompletedWithValueMatching(metadata -> metadata.directory().get(id(62)) != null);
        assertThat(uncertain).as("not refused as 'registered already' by its own entry")
                .isCompletedWithValueMatching(metadata -> metadata.directory().get(id(61)) != null);
    }

    @Test
    void aNodeThatSeesTooFewMetadataReplicasCannotCommit() {
        start();
        down.add(address(2));
        down.add(address(3));
        CompletableFuture<ClusterMetadata> commit = members.get(3).committer.commit(current -> new Register(record(7)));
        runUntilDone(List.of(commit));
        assertThat(commit).failsWithin(Duration.ZERO).withThrowableOfType(Exception.class)
                .havingCause().isInstanceOf(UnavailableException.class)
                .withMessage("Cannot change cluster metadata: 1 of 3 metadata replicas alive, 2 required");
        assertThat(members.get(3).log.current().directory().get(id(7))).isNull();
    }

    @Test
    void aPartitionedMinorityCannotCommitAndTheMajorityCan() {
        start();
        for (int other = 2; other <= NODES; other++) {
            network.cut(address(1), address(other));
            network.cut(address(other), address(1));
        }
        CompletableFuture<ClusterMetadata> minority = members.get(0).committer.commit(current -> new Register(record(8)));
        CompletableFuture<ClusterMetadata> majority = members.get(1).committer.commit(current -> new Register(record(9)));
        runUntilDone(List.of(minority, majority));
        assertThat(majority).isCompletedWithValueMatching(metadata -> metadata.directory().get(id(9)) != null);
        assertThat(minority).isCompletedExceptionally();
        assertThat(members.get(0).log.current().directory().get(id(8))).isNull();
        assertThat(members.get(1).log.current().directory().get(id(8))).isNull();
    }
}
