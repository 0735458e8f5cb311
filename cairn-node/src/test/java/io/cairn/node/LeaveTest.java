package io.cairn.node;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.agreement.MetadataReplicaSteward;
import io.cairn.node.agreement.MetadataService;
import io.cairn.node.hints.HintStore;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.metadata.RangeMovement;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryResult;
import io.cairn.node.replica.ReplicaStage;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TokenRange;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes going out of the ring through the cluster metadata log, on virtual time: a decommission
 * under QUORUM writes, a removenode of a dead node, an abort, a dead node replaced by a new
 * one (on another address and on its own), and a node moving to other tokens under QUORUM
 * writes. After each, every acknowledged
 * write is on every one of its replicas (a read at ONE from any of them sees it).
 */
class LeaveTest {

    private final ManualClock clock = new ManualClock(1_750_000_000_000_000L);
    private final VirtualScheduler loop = new VirtualScheduler(clock);
    private final InJvmNetwork network = new InJvmNetwork(loop);
    private final List<Node> nodes = new ArrayList<>();
    private int created;

    private static NodeAddress address(int i) {
        return new NodeAddress("127.0.0." + i, 7000);
    }

    private Node node(int i) {
        return node(i, null);
    }

    /** Node {@code i}, with empty storage; {@code replacing}: the address of the dead node it replaces, or null. */
    private Node node(int i, NodeAddress replacing) {
        return node(i, replacing, new KvStorageEngine(new InMemoryKvStore(), clock, loop, StorageLimits.DEFAULTS,
                Duration.ZERO));
    }

    /** Node {@code i} on {@code storage} (another node's, to start it again with its data). */
    private Node node(int i, NodeAddress replacing, io.cairn.storage.StorageEngine storage) {
        NodeSettings settings = new NodeSettings("Test Cluster", "datacenter1", "rack1", 4, List.of(),
                List.of(address(1)), true, Duration.ofSeconds(5), Duration.ofSeconds(2), true,
                HintStore.MAX_HINTS_PER_TARGET, Duration.ofSeconds(10), Duration.ofSeconds(10), null);
        if (replacing != null) {
            settings = settings.replacing(replacing);
        }
        // A node started again on an address has its own randomness: a new host id.
        return new Node(settings, new NodeDependencies(clock, loop, new SplittableRandom(i + 1000L * created++),
                network.join(address(i)),
                storage, Runnable::run, ReplicaStage.onCallingThread()));
    }

    /** Four nodes, joined one by one, with ks.t at RF 3 and keys 0-39 written at QUORUM. */
    private void fourNodesWithRows() {
        for (int i = 1; i <= 4; i++) {
            Node node = node(i);
            nodes.add(node);
            node.start(new InetSocketAddress(address(i).host(), 9042));
            loop.advance(i == 1 ? MetadataService.INITIALIZE_DELAY.plusMillis(100) : Duration.ofSeconds(30));
        }
        loop.advance(MetadataReplicaSteward.INTERVAL.multipliedBy(3));
        assertThat(nodes.get(0).metadata().current().tokens()).hasSize(4);
        execute(nodes.get(0), "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 3}");
        execute(nodes.get(0), "CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
        for (int key = 0; key < 40; key++) {
            assertThat(insert(nodes.get(0), key)).as("key %s", key).isTrue();
        }
    }

    private QueryResult execute(Node node, String cql) {
        CompletableFuture<QueryResult> result = node.queryProcessor().execute(cql,
                QueryOptions.DEFAULT.withConsistency(ConsistencyLevel.QUORUM), new ClientSession())
                .toCompletableFuture();
        loop.advance(Duration.ofSeconds(2));
        assertThat(result).as(cql).isCompleted();
        return result.join();
    }

    /** An INSERT at QUORUM through {@code coordinator}: whether it was acknowledged. */
    private boolean insert(Node coordinator, int key) {
        CompletableFuture<QueryResult> result = coordinator.queryProcessor().execute(
                "INSERT INTO ks.t (k, v) VALUES (" + key + ", " + key + ")",
                QueryOptions.DEFAULT.withConsistency(ConsistencyLevel.QUORUM), new ClientSession())
                .toCompletableFuture();
        loop.advance(Duration.ofMillis(25));
        return result.isDone() && !result.isCompletedExceptionally();
    }

    /** The keys of ks.t in {@code node}'s storage: what a read at ONE from it can see. */
    private Set<Integer> keysOn(Node node) {
        TableMetadata table = node.schema().current().table("ks", "t");
        Set<Integer> keys = new HashSet<>();
        for (PartitionData partition : node.storage().scan(table.tableId(), TokenRange.FULL, null,
                ReadFilter.all(clock.currentTimeSeconds())).partitions()) {
            keys.add(ByteBuffer.wrap(partition.key().key()).getInt());
        }
        return keys;
    }

    private static long token(int key) {
        return io.cairn.common.token.Murmur3Partitioner.token(ByteBuffer.allocate(4).putInt(0, key).array());
    }

    /** Every key is on each of its replicas, as {@code observer} places them, and reads back at QUORUM. */
    private void everyKeyOnEveryReplica(Set<Integer> written, Node observer, List<Node> members) {
        everyKeyOnEveryReplica(written, observer, members, true);
    }

    /** Each key reads back at QUORUM through every member; {@code onEach}: and is on each of its replicas. */
    private void everyKeyOnEveryReplica(Set<Integer> written, Node observer, List<Node> members, boolean onEach) {
        for (int key : written) {
            List<NodeAddress> replicas = observer.topology().replicasFor("ks", token(key));
            assertThat(replicas).as("replicas of key %s", key).hasSize(3);
            for (Node member : members) {
                if (onEach && replicas.contains(member.address())) {
                    assertThat(keysOn(member)).as("key %s on replica %s", key, member.address()).contains(key);
                }
            }
            for (Node coordinator : members) {
                QueryResult read = execute(coordinator, "SELECT v FROM ks.t WHERE k = " + key);
                assertThat(((QueryResult.Rows) read).rows()).as("key %s read at QUORUM", key).hasSize(1);
            }
        }
    }

    /**
     * Writes keys from 100 on at QUORUM through {@code coordinators} in turn until {@code operation}
     * is done (at most 300), adding those acknowledged to {@code written}; the steps of the
     * movement seen meanwhile.
     */
    private List<RangeMovement.Step> writeWhile(CompletableFuture<Long> operation, List<Node> coordinators,
                                                Set<Integer> written) {
        List<RangeMovement.Step> stepsSeen = new ArrayList<>();
        for (int key = 100; !operation.isDone() && key < 400; key++) {
            RangeMovement movement = coordinators.get(0).metadata().current().movement();
            if (movement != null && (stepsSeen.isEmpty() || stepsSeen.get(stepsSeen.size() - 1) != movement.step())) {
                stepsSeen.add(movement.step());
            }
            if (insert(coordinators.get(key % coordinators.size()), key)) {
                written.add(key);
            }
        }
        loop.advance(Duration.ofSeconds(5));
        return stepsSeen;
    }

    /**
     * Each key is on a quorum of its replicas as {@code members.get(0)} places them (a replica
     * that refused a write planned at a stale epoch gets no hint), and reads back at QUORUM.
     */
    private void everyKeyOnAQuorum(Set<Integer> written, List<Node> members) {
        for (int key : written) {
            int holding = 0;
            for (NodeAddress replica : members.get(0).topology().replicasFor("ks", token(key))) {
                Node holder = members.stream().filter(node -> node.address().equals(replica)).findFirst().orElseThrow();
                holding += keysOn(holder).contains(key) ? 1 : 0;
            }
            assertThat(holding).as("key %s on a quorum of its replicas", key).isGreaterThanOrEqualTo(2);
        }
        everyKeyOnEveryReplica(written, members.get(0), members, false);
    }

    private Node metadataReplicaOtherThanTheFirst() {
        Set<NodeId> replicas = nodes.get(0).metadata().current().metadataReplicas();
        for (Node node : nodes.subList(1, nodes.size())) {
            if (replicas.contains(new NodeId(node.hostId()))) {
                return node;
            }
        }
        return nodes.get(nodes.size() - 1);
    }

    @Test
    void aDecommissionedNodesRangesAreCopiedToTheNodesThatGainThemWhileQuorumWritesGoOn() {
        fourNodesWithRows();
        Node leaving = metadataReplicaOtherThanTheFirst();
        NodeId leavingId = new NodeId(leaving.hostId());
        assertThat(nodes.get(0).metadata().current().metadataReplicas()).as("a metadata replica leaves")
                .contains(leavingId);
        List<Node> staying = nodes.stream().filter(node -> node != leaving).toList();
        Set<Integer> written = new HashSet<>();
        for (int key = 0; key < 40; key++) {
            written.add(key);
        }

        // A little latency, so that the decommission takes a while and writes go on during its steps.
        network.setDeliveryPolicy((from, to, message) -> java.util.Optional.of(Duration.ofMillis(10)));
        CompletableFuture<Long> left = leaving.decommission().toCompletableFuture();
        List<RangeMovement.Step> stepsSeen = writeWhile(left, staying, written);

        assertThat(left).as("decommissioned").isCompleted();
        assertThat(left.join()).as("partitions copied").isPositive();
        assertThat(stepsSeen).as("writes went on through the steps").contains(RangeMovement.Step.STARTED);
        assertThat(written).as("writes acknowledged during the decommission").hasSizeGreaterThan(45);
        for (Node node : nodes) {
            assertThat(node.metadata().current().directory().get(leavingId).state()).isEqualTo(NodeState.LEFT);
            assertThat(node.metadata().current().movement()).isNull();
            assertThat(node.metadata().current().tokens()).hasSize(3).doesNotContainKey(leavingId);
        }
        for (Node node : staying) {
            assertThat(node.gossiper().endpointStates()).as("gossip forgot it").doesNotContainKey(leaving.address());
            QueryResult peers = execute(node, "SELECT peer FROM system.peers");
            assertThat(((QueryResult.Rows) peers).rows()).as("peers of %s", node.address()).hasSize(2);
        }
        loop.advance(MetadataReplicaSteward.INTERVAL.multipliedBy(3));
        assertThat(staying.get(0).metadata().current().metadataReplicas()).as("the role moved to the others")
                .doesNotContain(leavingId).hasSize(3);
        // Written before: the copies put them on every new replica. Written during: on a quorum of
        // them (a replica that refused a write planned at a stale epoch gets no hint), and all
        // read back at QUORUM.
        Set<Integer> before = new HashSet<>();
        for (int old = 0; old < 40; old++) {
            before.add(old);
        }
        everyKeyOnEveryReplica(before, staying.get(0), staying);
        everyKeyOnAQuorum(written, staying);
        // The entries of the decommission, in order.
        List<String> kinds = staying.get(0).metadata().log().entriesAfter(
                        io.cairn.node.metadata.Epoch.EMPTY, 1000).stream()
                .map(entry -> entry.transformation().kind().name()).toList();
        assertThat(kinds).containsSubsequence("PREPARE_LEAVE", "ADVANCE_MOVEMENT", "ADVANCE_MOVEMENT",
                "ADVANCE_MOVEMENT");
    }

    @Test
    void aDecommissionThatWouldLeaveFewerNodesThanTheReplicationFactorIsRefused() {
        fourNodesWithRows();
        CompletableFuture<Long> first = nodes.get(3).decommission().toCompletableFuture();
        loop.advance(Duration.ofSeconds(60));
        assertThat(first).as("4 -> 3 at RF 3").isCompleted();
        CompletableFuture<Long> second = nodes.get(2).decommission().toCompletableFuture();
        loop.advance(Duration.ofSeconds(5));
        assertThat(second).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("keyspace ks keeps 3 replicas, and 2 nodes would be left");
        assertThat(nodes.get(0).metadata().current().movement()).isNull();
        assertThat(nodes.get(0).metadata().current().tokens()).hasSize(3);
    }

    /**
     * A removenode copies each range from every replica that stays, merged: a key written at
     * QUORUM to the dead node and one other replica (the third missed it) stays on a quorum. It
     * waits for a staying replica that is down, and runs again once it is back.
     */
    @Test
    void aDeadNodeIsRemovedAndItsRangesAreCopiedFromEveryReplicaThatStays() {
        fourNodesWithRows();
        Node dead = nodes.get(3);
        NodeId deadId = new NodeId(dead.hostId());
        Node operator = nodes.get(0);
        CompletableFuture<Long> refused = operator.removeNode(dead.hostId()).toCompletableFuture();
        loop.advance(Duration.ofSeconds(1));
        assertThat(refused).as("removenode of a live node").isCompletedExceptionally();
        assertThat(refused).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("is alive: decommission it instead");

        // Keys on the dead node and one other replica only: the third replica misses them.
        java.util.Map<Integer, NodeAddress> missedBy = keysMissedByOneReplica(operator, dead);
        Set<NodeAddress> missing = new HashSet<>(missedBy.values());
        Set<Integer> all = new HashSet<>(missedBy.keySet());
        for (int key = 0; key < 40; key++) {
            all.add(key);
        }
        long onDead = all.stream().filter(key -> operator.topology().replicasFor("ks", token(key))
                .contains(dead.address())).count();
        dead.close();
        dead.messaging().close();
        Node down = nodes.get(2);
        // Node 3 is cut off too: a replica that stays is down, and the removal cannot finish.
        network.setDeliveryPolicy((from, to, message) -> to.equals(down.address()) || from.equals(down.address())
                || (missing.contains(to) && isWrite(message))
                ? java.util.Optional.empty() : java.util.Optional.of(Duration.ZERO));
        loop.advance(Duration.ofSeconds(30));
        CompletableFuture<Long> waiting = operator.removeNode(dead.hostId()).toCompletableFuture();
        loop.advance(Duration.ofMinutes(5));
        assertThat(waiting).as("a replica that stays is down").isCompletedExceptionally();
        assertThat(operator.metadata().current().directory().get(deadId).state()).isEqualTo(NodeState.JOINED);

        network.setDeliveryPolicy((from, to, message) -> missing.contains(to) && isWrite(message)
                ? java.util.Optional.empty() : java.util.Optional.of(Duration.ZERO));
        loop.advance(Duration.ofSeconds(30));
        CompletableFuture<Long> removed = operator.removeNode(dead.hostId()).toCompletableFuture();
        loop.advance(Duration.ofSeconds(60));

        assertThat(removed).as("removed once every replica that stays is up").isCompleted();
        // Each key the dead node held goes to one gaining node, streamed whole from one replica
        // that stays; of the other, only the leaves of its hash tree that differ (a key the first
        // missed, a few neighbours in its leaf): not each key twice.
        assertThat(removed.join()).as("partitions copied for %s keys the dead node held", onDead)
                .isBetween(onDead, onDead + 2L * missedBy.size());
        System.out.println("REMOVED COPIED " + removed.join());
        List<Node> staying = nodes.subList(0, 3);
        for (Node node : staying) {
            assertThat(node.metadata().current().directory().get(deadId).state()).isEqualTo(NodeState.LEFT);
            assertThat(node.gossiper().endpointStates()).doesNotContainKey(dead.address());
        }
        for (int key : missedBy.keySet()) {
            int holding = 0;
            for (NodeAddress replica : operator.topology().replicasFor("ks", token(key))) {
                Node holder = staying.stream().filter(node -> node.address().equals(replica)).findFirst().orElseThrow();
                holding += keysOn(holder).contains(key) ? 1 : 0;
            }
            assertThat(holding).as("key %s (missed by %s) on a quorum of its new replicas", key, missedBy.get(key))
                    .isGreaterThanOrEqualTo(2);
        }
        network.setDeliveryPolicy((from, to, message) -> java.util.Optional.of(Duration.ZERO));
        Set<Integer> written = new HashSet<>(missedBy.keySet());
        for (int key = 0; key < 40; key++) {
            written.add(key);
        }
        everyKeyOnEveryReplica(written, operator, staying, false);
    }

    private static boolean isWrite(io.cairn.cluster.messaging.Message message) {
        return switch (message.verb()) {
            case MUTATION, HINT, READ_REPAIR -> !message.isResponse();
            default -> false;
        };
    }

    @Test
    void aDecommissionAbortedBeforeItCopiedLeavesTheRingAsItWasAndCanBeRunAgain() {
        fourNodesWithRows();
        Node leaving = nodes.get(3);
        NodeId leavingId = new NodeId(leaving.hostId());
        // Nobody answers RANGE_FETCH: the decommission cannot get past STARTED.
        network.setDeliveryPolicy((from, to, message) -> message.verb() == io.cairn.cluster.messaging.Verb.RANGE_FETCH
                ? java.util.Optional.empty() : java.util.Optional.of(Duration.ZERO));
        CompletableFuture<Long> stuck = leaving.decommission().toCompletableFuture();
        loop.advance(Duration.ofSeconds(20));
        assertThat(stuck).isNotDone();
        assertThat(nodes.get(0).metadata().current().movement().step()).isEqualTo(RangeMovement.Step.STARTED);

        CompletableFuture<Long> aborted = nodes.get(0).abortMovement(leaving.hostId()).toCompletableFuture();
        loop.advance(Duration.ofSeconds(2));
        assertThat(aborted).isCompleted();
        for (Node node : nodes) {
            assertThat(node.metadata().current().movement()).isNull();
            assertThat(node.metadata().current().directory().get(leavingId).state()).isEqualTo(NodeState.JOINED);
        }
        network.setDeliveryPolicy((from, to, message) -> java.util.Optional.of(Duration.ZERO));
        loop.advance(Duration.ofSeconds(5));
        assertThat(stuck).as("the aborted attempt fails").isCompletedExceptionally();

        CompletableFuture<Long> again = leaving.decommission().toCompletableFuture();
        loop.advance(Duration.ofSeconds(60));
        assertThat(again).isCompleted();
        assertThat(nodes.get(0).metadata().current().directory().get(leavingId).state()).isEqualTo(NodeState.LEFT);
    }

    /**
     * Writes keys at QUORUM that the dead-to-be node and the coordinator hold but the third
     * replica misses (its writes are dropped until the returned addresses are let through):
     * only a copy merged from every replica that stays puts them on a quorum of the new ones.
     */
    private java.util.Map<Integer, NodeAddress> keysMissedByOneReplica(Node coordinator, Node doomed) {
        java.util.Map<Integer, NodeAddress> missedBy = new java.util.TreeMap<>();
        for (int key = 1_000; missedBy.size() < 5; key++) {
            List<NodeAddress> replicas = coordinator.topology().replicasFor("ks", token(key));
            if (!replicas.contains(doomed.address()) || !replicas.contains(coordinator.address())) {
                continue;
            }
            NodeAddress missing = replicas.stream().filter(replica -> !replica.equals(doomed.address())
                    && !replica.equals(coordinator.address())).findFirst().orElseThrow();
            network.setDeliveryPolicy((from, to, message) -> to.equals(missing) && isWrite(message)
                    ? java.util.Optional.empty() : java.util.Optional.of(Duration.ZERO));
            assertThat(insert(coordinator, key)).as("key %s at QUORUM", key).isTrue();
            missedBy.put(key, missing);
        }
        Set<NodeAddress> missing = new HashSet<>(missedBy.values());
        // The replicas that missed them never get them (no hint, no read repair) but by the copy.
        network.setDeliveryPolicy((from, to, message) -> missing.contains(to) && isWrite(message)
                ? java.util.Optional.empty() : java.util.Optional.of(Duration.ZERO));
        return missedBy;
    }

    /** Replaces the dead node 4 by {@code replacement} (not started yet), and checks what users need after it. */
    private void replaceNode4(Node replacement, boolean sameAddress) {
        Node dead = nodes.get(3);
        NodeId deadId = new NodeId(dead.hostId());
        java.util.SortedSet<Long> deadTokens = nodes.get(0).metadata().current().tokens().get(deadId);
        replacement.start(new InetSocketAddress(replacement.address().host(), 9042));
        loop.advance(Duration.ofSeconds(90));

        NodeId newId = new NodeId(replacement.hostId());
        assertThat(newId).as("a new host id").isNotEqualTo(deadId);
        List<Node> members = new ArrayList<>(nodes.subList(0, 3));
        members.add(replacement);
        for (Node node : members) {
            var current = node.metadata().current();
            assertThat(current.movement()).as("on %s", node.address()).isNull();
            assertThat(current.directory().get(deadId).state()).isEqualTo(NodeState.LEFT);
            assertThat(current.directory().get(newId).state()).isEqualTo(NodeState.JOINED);
            assertThat(current.tokens()).hasSize(4).doesNotContainKey(deadId);
            assertThat(current.tokens().get(newId)).as("the dead node's tokens").isEqualTo(deadTokens);
            if (!sameAddress && node != replacement) {
                assertThat(node.gossiper().endpointStates()).as("gossip forgot the dead node")
                        .doesNotContainKey(dead.address());
            }
        }
        assertThat(replacement.topology().isAlive(nodes.get(0).address())).isTrue();
        for (Node node : nodes.subList(0, 3)) {
            assertThat(node.topology().isAlive(replacement.address())).isTrue();
        }
        List<String> kinds = nodes.get(0).metadata().log().entriesAfter(io.cairn.node.metadata.Epoch.EMPTY, 1000)
                .stream().map(entry -> entry.transformation().kind().name()).toList();
        assertThat(kinds).containsSubsequence("PREPARE_REPLACE", "ADVANCE_MOVEMENT", "ADVANCE_MOVEMENT",
                "ADVANCE_MOVEMENT");
    }

    @Test
    void aDeadNodeIsReplacedOnAnotherAddressAndTheReplacementHoldsEveryKeyOfItsRanges() {
        fourNodesWithRows();
        Node dead = nodes.get(3);
        Node operator = nodes.get(0);
        java.util.Map<Integer, NodeAddress> missedBy = keysMissedByOneReplica(operator, dead);
        dead.close();
        dead.messaging().close();
        loop.advance(Duration.ofSeconds(30));

        Node replacement = node(5, dead.address());
        replaceNode4(replacement, false);

        network.setDeliveryPolicy((from, to, message) -> java.util.Optional.of(Duration.ZERO));
        List<Node> members = new ArrayList<>(nodes.subList(0, 3));
        members.add(replacement);
        Set<Integer> written = new HashSet<>(missedBy.keySet());
        for (int key = 0; key < 40; key++) {
            written.add(key);
        }
        // Every key is on every one of its replicas: the replacement received all the dead node held.
        for (int key : written) {
            if (operator.topology().replicasFor("ks", token(key)).contains(replacement.address())) {
                assertThat(keysOn(replacement)).as("key %s on the replacement", key).contains(key);
            }
        }
        everyKeyOnEveryReplica(written, operator, members, false);
    }

    @Test
    void aWipedNodeReplacesItselfOnItsOwnAddress() {
        fourNodesWithRows();
        Node dead = nodes.get(3);
        dead.close();
        dead.messaging().close();
        loop.advance(Duration.ofSeconds(30));

        // Without replace_address, a node with no data on a ring member's address is refused, and told what to do.
        Node refused = node(4);
        CompletionStageAssert.failsWithMessage(refused.start(new InetSocketAddress(address(4).host(), 9042)), loop,
                "start this node with replace_address: 127.0.0.4");
        refused.close();
        refused.messaging().close();

        Node replacement = node(4, address(4));
        replaceNode4(replacement, true);
        Set<Integer> written = new HashSet<>();
        for (int key = 0; key < 40; key++) {
            written.add(key);
            if (nodes.get(0).topology().replicasFor("ks", token(key)).contains(address(4))) {
                assertThat(keysOn(replacement)).as("key %s on the replacement", key).contains(key);
            }
        }
        List<Node> members = new ArrayList<>(nodes.subList(0, 3));
        members.add(replacement);
        everyKeyOnEveryReplica(written, nodes.get(0), members);
    }

    @Test
    void aDecommissionedNodeStartedAgainWithItsDataRefusesToServeAndIsNotListedAgain() {
        fourNodesWithRows();
        Node leaving = nodes.get(3);
        CompletableFuture<Long> left = leaving.decommission().toCompletableFuture();
        loop.advance(Duration.ofSeconds(60));
        assertThat(left).as("decommissioned").isCompleted();
        leaving.close();
        leaving.messaging().close();
        loop.advance(Duration.ofSeconds(5));

        Node again = node(4, null, leaving.storage());
        CompletionStageAssert.failsWithMessage(again.start(new InetSocketAddress(address(4).host(), 9042)), loop,
                "has left the cluster");
        notListedBy(nodes.subList(0, 3), address(4));
    }

    /** No member's gossip has {@code gone}, and each lists the other members alone as peers. */
    private void notListedBy(List<Node> members, NodeAddress gone) {
        for (Node node : members) {
            assertThat(node.gossiper().endpointStates()).as("on %s", node.address()).doesNotContainKey(gone);
            QueryResult peers = execute(node, "SELECT peer FROM system.peers");
            assertThat(((QueryResult.Rows) peers).rows()).as("peers of %s", node.address())
                    .hasSize(members.size() - 1);
        }
    }

    /**
     * A node thought dead and replaced, started again with its data (its log still has it in the
     * ring), learns from the cluster that it was replaced and stops; gossip never lists it again.
     */
    @Test
    void aNodeReplacedWhileDownStopsWhenItComesBackWithItsData() {
        fourNodesWithRows();
        Node dead = nodes.get(3);
        dead.close();
        dead.messaging().close();
        loop.advance(Duration.ofSeconds(30));
        Node replacement = node(5, dead.address());
        replaceNode4(replacement, false);

        Node back = node(4, null, dead.storage());
        back.start(new InetSocketAddress(address(4).host(), 9042));
        CompletableFuture<String> removed = back.removed().toCompletableFuture();
        loop.advance(Duration.ofSeconds(30));
        assertThat(removed).as("told it was replaced").isCompleted();
        assertThat(removed.join()).contains("was replaced from the cluster", "empty data directory");
        List<Node> members = new ArrayList<>(nodes.subList(0, 3));
        members.add(replacement);
        notListedBy(members, address(4));
    }

    @Test
    void aLiveNodeIsNotReplaced() {
        fourNodesWithRows();
        Node replacement = node(5, nodes.get(3).address());
        CompletionStageAssert.failsWithMessage(replacement.start(new InetSocketAddress(address(5).host(), 9042)),
                loop, "it is alive");
        assertThat(nodes.get(0).metadata().current().movement()).isNull();
        assertThat(nodes.get(0).metadata().current().directory().get(new NodeId(nodes.get(3).hostId())).state())
                .isEqualTo(NodeState.JOINED);
    }

    @Test
    void afterANodeJoinedCleanupDropsWhatTheOthersGaveUpAndKeepsWhatTheyReplicate() {
        for (int i = 1; i <= 3; i++) {
            Node node = node(i);
            nodes.add(node);
            node.start(new InetSocketAddress(address(i).host(), 9042));
            loop.advance(i == 1 ? MetadataService.INITIALIZE_DELAY.plusMillis(100) : Duration.ofSeconds(30));
        }
        loop.advance(MetadataReplicaSteward.INTERVAL.multipliedBy(3));
        execute(nodes.get(0), "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 3}");
        execute(nodes.get(0), "CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
        Set<Integer> written = new HashSet<>();
        for (int key = 0; key < 40; key++) {
            assertThat(insert(nodes.get(0), key)).as("key %s", key).isTrue();
            written.add(key);
        }
        Node fourth = node(4);
        nodes.add(fourth);
        fourth.start(new InetSocketAddress(address(4).host(), 9042));
        loop.advance(Duration.ofSeconds(30));
        Node observer = nodes.get(0);
        assertThat(observer.metadata().current().tokens()).hasSize(4);
        int heldButNotReplicated = 0;
        for (Node node : nodes) {
            for (int key : keysOn(node)) {
                heldButNotReplicated += observer.topology().replicasFor("ks", token(key)).contains(node.address())
                        ? 0 : 1;
            }
        }
        assertThat(heldButNotReplicated).as("keys the first three gave up to the fourth, still on disk").isPositive();

        // A node that heard of a newer epoch (a message carried it; the entries are on their way)
        // drops nothing: it may be a replica of those ranges again.
        Node first = nodes.get(0);
        Set<Integer> before = keysOn(first);
        long epoch = first.metadata().current().epoch().value();
        Cleanup fenced = new Cleanup(first.storage(), first.metadata()::current, () -> epoch + 1, first.address());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fenced.run(first.schema().current().keyspaces()
                .values())).hasMessageContaining("heard of epoch " + (epoch + 1)).hasMessageContaining("Run it again");
        assertThat(keysOn(first)).isEqualTo(before);

        for (Node node : nodes) {
            CompletableFuture<Long> cleaned = node.cleanup().toCompletableFuture();
            loop.advance(Duration.ofSeconds(1));
            assertThat(cleaned).as("cleanup on %s", node.address()).isCompleted();
        }
        for (int key : written) {
            List<NodeAddress> replicas = observer.topology().replicasFor("ks", token(key));
            for (Node node : nodes) {
                assertThat(keysOn(node).contains(key)).as("key %s on %s (a replica: %s)", key, node.address(),
                        replicas.contains(node.address())).isEqualTo(replicas.contains(node.address()));
            }
        }
        everyKeyOnEveryReplica(written, observer, nodes);

        // While a movement runs, the ranges a node keeps are not settled: cleanup is refused.
        network.setDeliveryPolicy((from, to, message) -> message.verb() == io.cairn.cluster.messaging.Verb.STREAM
                ? java.util.Optional.empty() : java.util.Optional.of(Duration.ZERO));
        Node fifth = node(5);
        fifth.start(new InetSocketAddress(address(5).host(), 9042));
        loop.advance(Duration.ofSeconds(3));
        assertThat(observer.metadata().current().movement()).isNotNull();
        CompletionStageAssert.failsWithMessage(observer.cleanup(), loop, "cleanup runs once the ring is settled");
    }

    /**
     * A node moves to other tokens while QUORUM writes go on: it copies the ranges it gains, the
     * nodes that gain its old ranges copy them from it, and afterwards every key written before
     * is on each of its new replicas, every key written during on a quorum of them, and the new
     * tokens are in every log, in system.local and (through gossip) in the others' system.peers.
     * Tokens another node owns are refused; the tokens it has already are no move at all.
     */
    @Test
    void aNodeMovesToOtherTokensAndTheRangesThatChangeHandsAreCopiedWhileQuorumWritesGoOn() {
        fourNodesWithRows();
        Node mover = nodes.get(2);
        NodeId moverId = new NodeId(mover.hostId());
        var ring = nodes.get(0).metadata().current().tokens();
        java.util.SortedSet<Long> before = ring.get(moverId);
        // Four tokens half-way between the other nodes' tokens: most of what it owns changes.
        java.util.SortedSet<Long> others = new java.util.TreeSet<>();
        ring.forEach((owner, owned) -> {
            if (!owner.equals(moverId)) {
                others.addAll(owned);
            }
        });
        java.util.SortedSet<Long> target = new java.util.TreeSet<>();
        List<Long> sorted = new ArrayList<>(others);
        for (int i = 0; target.size() < 4; i += 2) {
            long low = sorted.get(i % sorted.size());
            long high = sorted.get((i + 1) % sorted.size());
            target.add(low / 2 + high / 2);
        }
        assertThat(target).isNotEqualTo(before).doesNotContainAnyElementsOf(others);

        CompletableFuture<Long> taken = mover.move(new java.util.TreeSet<>(List.of(others.first())))
                .toCompletableFuture();
        loop.advance(Duration.ofSeconds(5));
        assertThat(taken).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("Token " + others.first() + " is owned by node");
        CompletableFuture<Long> same = mover.move(before).toCompletableFuture();
        loop.advance(Duration.ofSeconds(1));
        assertThat(same).as("moving to its own tokens").isCompletedWithValue(0L);

        Set<Integer> written = new HashSet<>();
        for (int key = 0; key < 40; key++) {
            written.add(key);
        }
        network.setDeliveryPolicy((from, to, message) -> java.util.Optional.of(Duration.ofMillis(10)));
        CompletableFuture<Long> moved = mover.move(target).toCompletableFuture();
        List<RangeMovement.Step> stepsSeen = writeWhile(moved, nodes, written);

        assertThat(moved).as("moved").isCompleted();
        assertThat(moved.join()).as("partitions copied").isPositive();
        assertThat(stepsSeen).as("writes went on through the steps").contains(RangeMovement.Step.STARTED);
        assertThat(written).as("writes acknowledged during the move").hasSizeGreaterThan(45);
        for (Node node : nodes) {
            var current = node.metadata().current();
            assertThat(current.movement()).as("on %s", node.address()).isNull();
            assertThat(current.tokens().get(moverId)).as("on %s", node.address()).isEqualTo(target);
            assertThat(current.directory().get(moverId).state()).isEqualTo(NodeState.JOINED);
        }
        assertThat(new java.util.TreeSet<>(mover.tokens())).as("the node's own tokens").isEqualTo(target);
        QueryResult local = execute(mover, "SELECT tokens FROM system.local");
        assertThat(serializedText(((QueryResult.Rows) local).rows().get(0).get(0))).as("system.local")
                .contains(String.valueOf(target.first())).doesNotContain(String.valueOf(before.first()));
        loop.advance(Duration.ofSeconds(10));
        QueryResult peers = execute(nodes.get(0), "SELECT tokens FROM system.peers WHERE peer = '"
                + mover.address().host() + "'");
        assertThat(((QueryResult.Rows) peers).rows()).hasSize(1);
        assertThat(serializedText(((QueryResult.Rows) peers).rows().get(0).get(0))).as("system.peers via gossip")
                .contains(String.valueOf(target.first())).doesNotContain(String.valueOf(before.first()));

        Set<Integer> old = new HashSet<>();
        for (int k = 0; k < 40; k++) {
            old.add(k);
        }
        everyKeyOnEveryReplica(old, nodes.get(0), nodes);
        everyKeyOnAQuorum(written, nodes);
        List<String> kinds = nodes.get(0).metadata().log().entriesAfter(io.cairn.node.metadata.Epoch.EMPTY, 1000)
                .stream().map(entry -> entry.transformation().kind().name()).toList();
        assertThat(kinds).containsSubsequence("PREPARE_MOVE", "ADVANCE_MOVEMENT", "ADVANCE_MOVEMENT",
                "ADVANCE_MOVEMENT");

        // What the nodes gave up stays until a cleanup, which then leaves each node its own keys.
        for (Node node : nodes) {
            CompletableFuture<Long> cleaned = node.cleanup().toCompletableFuture();
            loop.advance(Duration.ofSeconds(1));
            assertThat(cleaned).as("cleanup on %s", node.address()).isCompleted();
        }
        for (int k : old) {
            List<NodeAddress> replicas = nodes.get(0).topology().replicasFor("ks", token(k));
            for (Node node : nodes) {
                assertThat(keysOn(node).contains(k)).as("key %s on %s (a replica: %s)", k, node.address(),
                        replicas.contains(node.address())).isEqualTo(replicas.contains(node.address()));
            }
        }
    }

    /** A serialized value's bytes as text: the elements of a set of text are in it as they are. */
    private static String serializedText(ByteBuffer value) {
        return java.nio.charset.StandardCharsets.ISO_8859_1.decode(value.duplicate()).toString();
    }

    /** Waits on virtual time for a stage that must fail. */
    private static final class CompletionStageAssert {
        static void failsWithMessage(java.util.concurrent.CompletionStage<?> stage, VirtualScheduler loop,
                                     String message) {
            CompletableFuture<?> future = stage.toCompletableFuture();
            loop.advance(Duration.ofSeconds(60));
            assertThat(future).failsWithin(Duration.ZERO)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withMessageContaining(message);
        }
    }
}
