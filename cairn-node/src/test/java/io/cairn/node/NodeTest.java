package io.cairn.node;

import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.type.NativeType;
import io.cairn.node.agreement.MetadataService;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryResult;
import io.cairn.node.replica.ReplicaStage;
import io.cairn.node.hints.HintStore;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TokenRange;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nodes assembled as the server assembles them, joining on virtual time. */
class NodeTest {

    private static final NodeAddress FIRST = new NodeAddress("127.0.0.1", 7000);
    private static final NodeAddress SECOND = new NodeAddress("127.0.0.2", 7000);

    private final ManualClock clock = new ManualClock(1_750_000_000_000_000L);
    private final VirtualScheduler loop = new VirtualScheduler(clock);
    private final InJvmNetwork network = new InJvmNetwork(loop);

    private Node node(NodeAddress address, long randomSeed) {
        return node(address, randomSeed, new InMemoryKvStore());
    }

    /** A node process over {@code disk}: another one over the same disk is that node restarted. */
    private Node node(NodeAddress address, long randomSeed, InMemoryKvStore disk) {
        return node(address, randomSeed, disk, false);
    }

    private Node node(NodeAddress address, long randomSeed, InMemoryKvStore disk, boolean autoSnapshot) {
        KvStorageEngine storage = new KvStorageEngine(disk, clock, loop, StorageLimits.DEFAULTS, Duration.ZERO);
        NodeSettings settings = new NodeSettings("Test Cluster", "datacenter1", "rack1", 4, List.of(), List.of(FIRST),
                true, Duration.ofSeconds(5), Duration.ofSeconds(2), true, HintStore.MAX_HINTS_PER_TARGET,
                Duration.ofSeconds(10), Duration.ofSeconds(10), null).withAutoSnapshot(autoSnapshot);
        return new Node(settings, new NodeDependencies(clock, loop, new SplittableRandom(randomSeed),
                network.join(address), storage, Runnable::run, ReplicaStage.onCallingThread()));
    }

    private static CompletableFuture<Void> start(Node node) {
        return node.start(new InetSocketAddress(node.address().host(), 9042)).toCompletableFuture();
    }

    private static String status(Node observer, NodeAddress node) {
        return observer.gossiper().endpointStates().get(node).get(ApplicationState.STATUS);
    }

    /** Runs a DDL statement through {@code node}'s cluster metadata log, on virtual time. */
    private void ddl(Node node, String cql) {
        CompletableFuture<QueryResult> result = node.queryProcessor().execute(cql, QueryOptions.DEFAULT,
                new ClientSession()).toCompletableFuture();
        loop.advance(Duration.ofSeconds(1));
        assertThat(result).as(cql).isCompleted();
        assertThat(result.join()).isInstanceOf(QueryResult.SchemaChanged.class);
    }

    @Test
    void theFirstSeedIsNormalAtOnceWithTheTokensItChoseAndStartedOnceItHasStartedTheLog() {
        Node seed = node(FIRST, 1);
        CompletableFuture<Void> started = start(seed);

        assertThat(status(seed, FIRST)).isEqualTo("NORMAL");
        assertThat(started).as("the log starts after a delay").isNotDone();
        loop.advance(MetadataService.INITIALIZE_DELAY.plusMillis(100));
        assertThat(started).isCompleted();
        assertThat(seed.metadata().current().epoch()).isEqualTo(Epoch.FIRST);
        assertThat(seed.tokens()).hasSize(4);
        assertThat(status(seed, FIRST)).isEqualTo("NORMAL");
        assertThat(seed.gossiper().endpointStates().get(FIRST).get(ApplicationState.NATIVE_ADDRESS))
                .isEqualTo("127.0.0.1:9042");
    }

    /**
     * With auto_snapshot, a TRUNCATE and each DROP snapshot the storage before they delete data,
     * named by what and when; the snapshot keeps the rows the table had. Without it, none.
     */
    @Test
    void autoSnapshotKeepsWhatATruncateOrADropDeletes() {
        for (boolean autoSnapshot : new boolean[] {true, false}) {
            InMemoryKvStore disk = new InMemoryKvStore();
            Node seed = node(FIRST, 1, disk, autoSnapshot);
            start(seed);
            loop.advance(MetadataService.INITIALIZE_DELAY.plusMillis(100));
            ddl(seed, "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            ddl(seed, "CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
            ddl(seed, "CREATE TABLE ks.u (k int PRIMARY KEY, v int)");
            ddl(seed, "CREATE KEYSPACE other WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 1}");
            ddl(seed, "CREATE TABLE other.w (k int PRIMARY KEY, v int)");
            CompletableFuture<QueryResult> insert = seed.queryProcessor().execute(
                    "INSERT INTO ks.t (k, v) VALUES (1, 1)", QueryOptions.DEFAULT, new ClientSession())
                    .toCompletableFuture();
            CompletableFuture<QueryResult> truncate = seed.queryProcessor().execute("TRUNCATE ks.t",
                    QueryOptions.DEFAULT, new ClientSession()).toCompletableFuture();
            loop.advance(Duration.ofSeconds(1));
            assertThat(insert).isCompleted();
            assertThat(truncate).isCompleted();
            long millis = clock.currentTimeMillis();
            ddl(seed, "DROP TABLE other.w");
            ddl(seed, "DROP KEYSPACE ks");
            java.util.Set<String> snapshots = seed.storage().snapshots();
            seed.close();
            seed.messaging().close();
            if (!autoSnapshot) {
                assertThat(snapshots).isEmpty();
                continue;
            }
            assertThat(snapshots).hasSize(3);
            assertThat(snapshots).anyMatch(tag -> tag.matches("truncated-\\d+-ks\\.t"))
                    .anyMatch(tag -> tag.matches("dropped-\\d+-other\\.w"))
                    .anyMatch(tag -> tag.matches("dropped-\\d+-ks"));
            String truncated = snapshots.stream().filter(tag -> tag.startsWith("truncated-")).findFirst().orElseThrow();
            assertThat(Long.parseLong(truncated.split("-")[1])).isLessThanOrEqualTo(millis);
            KvStorageEngine kept = new KvStorageEngine(disk.openSnapshot(truncated), clock, loop,
                    StorageLimits.DEFAULTS, Duration.ZERO);
            assertThat(kept.scan(new io.cairn.storage.TableId("ks", "t"), io.cairn.storage.TokenRange.FULL, null,
                    io.cairn.storage.ReadFilter.all(clock.currentTimeSeconds())).partitions())
                    .as("the truncated row is in the snapshot").hasSize(1);
        }
    }

    @Test
    void aNewNodeThatNoSeedAnswersFailsAfterTheRingWaitNamingTheSeed() {
        Node lonely = node(SECOND, 2);
        CompletableFuture<Void> started = start(lonely);

        loop.advance(Duration.ofSeconds(9));
        assertThat(started).isNotDone();
        loop.advance(Duration.ofSeconds(2));
        assertThatThrownBy(started::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no seed told it the ring within 10 s (127.0.0.1:7000: no answer)");
        assertThat(status(lonely, SECOND)).isEqualTo("JOINING");
    }

    /** The first node, started, with ks.t (RF 2) holding 20 rows. */
    private Node seedWithRows() {
        Node seed = node(FIRST, 1);
        start(seed);
        loop.advance(MetadataService.INITIALIZE_DELAY.plusMillis(100));
        ddl(seed, "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}");
        ddl(seed, "CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
        TableMetadata table = seed.schema().current().table("ks", "t");
        for (int key = 0; key < 20; key++) {
            seed.storage().apply(table.tableId(), SchemaRows.row(table, Map.of("k", NativeType.INT.decompose(key),
                    "v", NativeType.INT.decompose(key)), clock.currentTimeMicros()));
        }
        return seed;
    }

    @Test
    void aNewNodeJoinsThroughTheLogReceivingTheSchemaAndItsRangesDataOnceEveryNodeWritesToIt() {
        Node seed = seedWithRows();
        TableMetadata table = seed.schema().current().table("ks", "t");

        Node joining = node(SECOND, 2);
        List<String> stepsSeenWhenCopying = new java.util.ArrayList<>();
        joining.addJoinListener(new JoinListener() {
            @Override
            public void copyingData() {
                // The seed sends the joining node the writes of its future ranges from STARTED on.
                stepsSeenWhenCopying.add(String.valueOf(seed.metadata().current().movement().step()));
                stepsSeenWhenCopying.add(String.valueOf(seed.topology().pendingFor("ks", 0L).contains(SECOND)
                        || seed.topology().replicasFor("ks", 0L).contains(SECOND)));
            }
        });
        CompletableFuture<Void> joined = start(joining);
        assertThat(status(joining, SECOND)).isEqualTo("JOINING");
        loop.advance(Duration.ofSeconds(30));

        assertThat(joined).isCompleted();
        assertThat(stepsSeenWhenCopying).containsExactly("STARTED", "true");
        assertThat(status(joining, SECOND)).isEqualTo("NORMAL");
        assertThat(joining.schema().current().version()).isEqualTo(seed.schema().current().version());
        assertThat(joining.storage().scan(table.tableId(), TokenRange.FULL, null,
                ReadFilter.all(clock.currentTimeSeconds())).partitions()).hasSize(20);
        // Its join is five entries of the log, and both nodes place data in the same two-node ring.
        List<String> kinds = seed.metadata().log().entriesAfter(Epoch.EMPTY, 100).stream()
                .map(entry -> entry.transformation().kind().name()).toList();
        assertThat(kinds).containsSubsequence("REGISTER", "PREPARE_JOIN", "ADVANCE_MOVEMENT", "ADVANCE_MOVEMENT",
                "ADVANCE_MOVEMENT");
        assertThat(seed.metadata().current().directory().get(new io.cairn.node.metadata.NodeId(joining.hostId()))
                .state()).isEqualTo(io.cairn.node.metadata.NodeState.JOINED);
        assertThat(seed.metadata().current().movement()).isNull();
        assertThat(joining.metadata().current().epoch()).isEqualTo(seed.metadata().current().epoch());
        for (long token : List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE / 3)) {
            assertThat(seed.topology().replicasFor("ks", token)).containsExactlyInAnyOrder(FIRST, SECOND);
            assertThat(joining.topology().replicasFor("ks", token)).isEqualTo(seed.topology().replicasFor("ks", token));
        }
        assertThat(status(seed, SECOND)).isEqualTo("NORMAL");
    }

    /**
     * A joining node that stops while it copies its data (its join STARTED in the log) resumes
     * at that step when it starts again: the same tokens, no second PrepareJoin, and the data.
     */
    @Test
    void aJoinInterruptedWhileCopyingResumesAtTheStepTheLogHas() {
        Node seed = seedWithRows();
        TableMetadata table = seed.schema().current().table("ks", "t");
        InMemoryKvStore disk = new InMemoryKvStore();
        Node joining = node(SECOND, 2, disk);
        joining.addJoinListener(new JoinListener() {
            @Override
            public void copyingData() {
                joining.close();
                joining.messaging().close();
            }
        });
        CompletableFuture<Void> first = start(joining);
        loop.advance(Duration.ofSeconds(30));
        assertThat(first).as("stopped while copying").isCompletedExceptionally();
        assertThat(seed.metadata().current().movement().step())
                .isEqualTo(io.cairn.node.metadata.RangeMovement.Step.STARTED);
        java.util.UUID hostId = joining.hostId();
        List<Long> tokens = joining.tokens();
        joining.storage().close();

        Node restarted = node(SECOND, 2, disk);
        CompletableFuture<Void> again = start(restarted);
        loop.advance(Duration.ofSeconds(30));

        assertThat(again).isCompleted();
        assertThat(restarted.hostId()).isEqualTo(hostId);
        assertThat(restarted.tokens()).containsExactlyInAnyOrderElementsOf(tokens);
        assertThat(restarted.storage().scan(table.tableId(), TokenRange.FULL, null,
                ReadFilter.all(clock.currentTimeSeconds())).partitions()).hasSize(20);
        assertThat(seed.metadata().current().movement()).isNull();
        assertThat(seed.metadata().log().entriesAfter(Epoch.EMPTY, 100).stream()
                .filter(entry -> entry.transformation() instanceof io.cairn.node.metadata.PrepareJoin)).hasSize(1);
        assertThat(status(seed, SECOND)).isEqualTo("NORMAL");
    }

    /**
     * A coordinator that missed a whole join (every metadata message to it dropped) plans its
     * writes on the old ring: the replicas, past the join, refuse them as planned at a stale
     * epoch, so the write fails instead of landing on replicas that no longer make a quorum.
     * Once it can catch up, the same write is planned again and reaches the new replicas.
     */
    @Test
    void aCoordinatorThatMissedAJoinIsRefusedUntilItCatchesUpThenWritesToTheNewReplicas() {
        NodeAddress third = new NodeAddress("127.0.0.3", 7000);
        NodeAddress fourth = new NodeAddress("127.0.0.4", 7000);
        Node seed = node(FIRST, 1);
        start(seed);
        loop.advance(MetadataService.INITIALIZE_DELAY.plusMillis(100));
        ddl(seed, "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
        ddl(seed, "CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
        Node stale = node(SECOND, 2);
        start(stale);
        loop.advance(Duration.ofSeconds(20));
        start(node(third, 3));
        loop.advance(Duration.ofSeconds(20));
        network.setDeliveryPolicy((from, to, message) -> to.equals(SECOND) && isMetadata(message)
                ? java.util.Optional.empty() : java.util.Optional.of(Duration.ZERO));
        long before = stale.metadata().current().epoch().value();
        Node joined = node(fourth, 4);
        CompletableFuture<Void> joining = start(joined);
        loop.advance(Duration.ofSeconds(60));
        assertThat(joining).as("the barrier needs a majority of the joined nodes, not the one cut off").isCompleted();
        assertThat(stale.metadata().current().epoch().value()).as("missed the join").isEqualTo(before);

        int refused = 0;
        for (int key = 0; key < 16; key++) {
            java.nio.ByteBuffer bytes = NativeType.INT.decompose(key);
            byte[] array = new byte[bytes.remaining()];
            bytes.duplicate().get(array);
            long token = io.cairn.common.token.Murmur3Partitioner.token(array);
            boolean moved = !seed.topology().replicasFor("ks", token)
                    .equals(stale.topology().replicasFor("ks", token));
            QueryResult result = insert(stale, key);
            // Planned on the old ring: refused where the join changed the replicas, served where not.
            assertThat(result == null).as("key %s, whose replicas %s", key, moved ? "moved" : "stayed")
                    .isEqualTo(moved);
            refused += moved ? 1 : 0;
        }
        assertThat(refused).as("some of the keys moved").isPositive();

        network.setDeliveryPolicy((from, to, message) -> java.util.Optional.of(Duration.ZERO));
        for (int key = 0; key < 16; key++) {
            assertThat(insert(stale, key)).as("key %s once it can catch up", key).isNotNull();
        }
        assertThat(stale.metadata().current().epoch()).isEqualTo(seed.metadata().current().epoch());
        TableMetadata table = seed.schema().current().table("ks", "t");
        long onFourth = joined.storage().scan(table.tableId(), TokenRange.FULL, null,
                ReadFilter.all(clock.currentTimeSeconds())).partitions().size();
        assertThat(onFourth).as("writes reach the new replica").isGreaterThan(0);
    }

    private static boolean isMetadata(io.cairn.cluster.messaging.Message message) {
        return switch (message.verb()) {
            case METADATA_PUSH, EPOCH_AWAIT -> true;
            case METADATA_FETCH -> message.isResponse();
            default -> false;
        };
    }

    /** An INSERT at QUORUM through {@code coordinator}: its result, or null when it failed. */
    private QueryResult insert(Node coordinator, int key) {
        CompletableFuture<QueryResult> result = coordinator.queryProcessor().execute(
                "INSERT INTO ks.t (k, v) VALUES (" + key + ", " + key + ")",
                QueryOptions.DEFAULT.withConsistency(io.cairn.cql.ConsistencyLevel.QUORUM), new ClientSession())
                .toCompletableFuture();
        loop.advance(Duration.ofSeconds(5));
        assertThat(result).as("insert of %s answered", key).isDone();
        return result.isCompletedExceptionally() ? null : result.join();
    }

    @Test
    void aWipedNodeIsRefusedTheTokensItsAddressOwnsInsteadOfTakingThemWithoutData() {
        Node seed = node(FIRST, 1);
        start(seed);
        Node second = node(SECOND, 2);
        start(second);
        loop.advance(Duration.ofSeconds(30));
        assertThat(status(seed, SECOND)).isEqualTo("NORMAL");
        second.close();
        second.messaging().close();

        Node wiped = node(SECOND, 3);
        CompletableFuture<Void> started = start(wiped);
        loop.advance(Duration.ofSeconds(30));

        assertThatThrownBy(started::join).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("A node with address 127.0.0.2:7000 (host id " + second.hostId()
                        + ") already owns tokens in this cluster, but this node has no data");
    }

    /**
     * A node that was down while the schema changed (a DROP KEYSPACE among the changes) catches
     * up from the cluster metadata log when it comes back: its schema, its storage and its
     * {@code system_schema} rows all follow, and it is at the log's epoch.
     */
    @Test
    void aNodeDownDuringSchemaChangesCatchesUpFromTheLogWhenItRestarts() {
        Node seed = node(FIRST, 1);
        start(seed);
        loop.advance(MetadataService.INITIALIZE_DELAY.plusMillis(100));
        InMemoryKvStore secondDisk = new InMemoryKvStore();
        Node second = node(SECOND, 2, secondDisk);
        start(second);
        loop.advance(Duration.ofSeconds(30));
        ddl(seed, "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}");
        ddl(seed, "CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
        loop.advance(Duration.ofSeconds(5));
        assertThat(second.schema().current().table("ks", "t")).isNotNull();
        io.cairn.storage.TableId table = second.schema().current().table("ks", "t").tableId();
        assertThat(second.storage().tables()).contains(table);

        second.close();
        second.messaging().close();
        second.storage().close();
        ddl(seed, "DROP KEYSPACE ks");
        ddl(seed, "CREATE KEYSPACE other WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}");
        ddl(seed, "CREATE TABLE other.u (k int PRIMARY KEY)");

        Node restarted = node(SECOND, 2, secondDisk);
        CompletableFuture<Void> started = start(restarted);
        loop.advance(Duration.ofSeconds(30));

        assertThat(started).isCompleted();
        assertThat(restarted.metadata().current().epoch()).isEqualTo(seed.metadata().current().epoch());
        assertThat(restarted.schema().current().keyspace("ks")).as("dropped while it was down").isNull();
        assertThat(restarted.schema().current().table("other", "u")).isNotNull();
        assertThat(restarted.schema().current().version()).isEqualTo(seed.schema().current().version());
        assertThat(restarted.storage().tables()).doesNotContain(table)
                .contains(restarted.schema().current().table("other", "u").tableId());
        // What its next start loads from system_schema, before any log: the schema it caught up to.
        io.cairn.node.schema.SchemaManager reloaded = new io.cairn.node.schema.SchemaManager(restarted.storage(),
                clock, new SplittableRandom(9), new io.cairn.cql.parser.StatementParser());
        reloaded.start();
        assertThat(reloaded.userSchema()).isEqualTo(restarted.schema().userSchema());
    }
}
