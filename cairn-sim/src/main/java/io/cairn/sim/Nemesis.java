package io.cairn.sim;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The faults of a run: partitions, bad weather (loss, duplication, delay), crashes and
 * restarts (some between a batch's parts, or in a run of lightweight transactions, in the middle
 * of a Paxos round), pauses, clock steps (forwards and backwards), one every few seconds while it
 * is on; and healing everything afterwards. With joins, also nodes joining, one decommissioning,
 * and nodes lost for good (crashed, their data gone): one removed from the ring by another node,
 * one replaced by a new node with empty storage that takes its tokens, on the lost node's own
 * address or on a new one, one loss at a time. With moves, also nodes moving to other tokens.
 */
final class Nemesis {

    /** Nodes added during the run, at most this many. */
    private static final int MAX_JOINS = 2;

    /** Nodes decommissioned during the run (when there are enough), at most this many. */
    private static final int MAX_LEAVES = 1;

    /** Nodes lost for good and removed during the run (when there are enough), at most this many. */
    private static final int MAX_REMOVALS = 1;

    /** Nodes lost for good and replaced by a new node during the run (when there are enough), at most this many. */
    private static final int MAX_REPLACEMENTS = 1;

    /** Nodes moved to other tokens during the run, at most this many. */
    private static final int MAX_MOVES = 2;

    /** The longest a replacement is started after the node it replaces was lost (an operator takes a while). */
    private static final Duration MAX_REPLACEMENT_DELAY = Duration.ofSeconds(40);

    /** How long after a failed attempt a decommission or a removenode is run again. */
    private static final Duration LEAVE_RETRY = Duration.ofSeconds(5);

    private final SimCluster cluster;
    private final SplittableRandom random;
    /** Hears each node added during the run, once it is started. */
    private final Consumer<SimNode> onAdded;
    /** Hears a node as it is told to decommission. */
    private final Consumer<SimNode> onLeaving;
    /** Hears a node that decommissioned, once it has left (before it stops). */
    private final Consumer<SimNode> onLeft;
    /** Hears a node lost for good and the new node that replaces it, before the new node starts. */
    private final java.util.function.BiConsumer<SimNode, SimNode> onReplacing;
    /** Hears a node as it is told to move. */
    private final Consumer<SimNode> onMoving;
    /** Hears a node that moved, once it has its new tokens. */
    private final Consumer<SimNode> onMoved;
    /** When nodes crashed (the history's clock). */
    private final List<Long> crashTimes = new ArrayList<>();
    /** Which node crashed at each of {@link #crashTimes}. */
    private final List<Integer> crashedNodes = new ArrayList<>();
    private int joined;
    /** The node decommissioning, until it has left; null when none is. */
    private SimNode leaving;
    /** Whether {@link #leaving}'s decommission is running in its process now. */
    private boolean leaveRunning;
    private int left;
    /** The node lost for good, until it is removed; null when none is. */
    private SimNode lost;
    /** The node running {@link #lost}'s removenode now, or null. */
    private SimNode remover;
    private int removed;
    /** The node lost for good to be replaced, until its replacement has joined; null when none is. */
    private SimNode replaced;
    /** The node replacing {@link #replaced}, once started; null when none is. */
    private SimNode replacement;
    private int replacements;
    /** The node moving to {@link #moveTo}, until it has moved; null when none is. */
    private SimNode mover;
    private List<Long> moveTo;
    /** Whether {@link #mover}'s move is running in its process now. */
    private boolean moveRunning;
    private int moves;
    private boolean on;

    Nemesis(SimCluster cluster, SplittableRandom random, Consumer<SimNode> onAdded, Consumer<SimNode> onLeaving,
            Consumer<SimNode> onLeft, java.util.function.BiConsumer<SimNode, SimNode> onReplacing,
            Consumer<SimNode> onMoving, Consumer<SimNode> onMoved) {
        this.onMoving = onMoving;
        this.onMoved = onMoved;
        this.cluster = cluster;
        this.random = random;
        this.onAdded = onAdded;
        this.onLeaving = onLeaving;
        this.onLeft = onLeft;
        this.onReplacing = onReplacing;
    }

    SplittableRandom random() {
        return random;
    }

    void start() {
        on = true;
        cluster.loop.schedule(Duration.ofSeconds(5 + random.nextInt(10)), this::next);
    }

    /** Stops the faults; a node armed to crash between a batch's parts is disarmed. */
    void stop() {
        on = false;
        cluster.nodes.forEach(SimNode::disarm);
    }

    private void next() {
        if (!on) {
            return;
        }
        List<SimNode> nodes = cluster.nodes;
        int action = random.nextInt(100);
        long bootstrapped = cluster.nodes.stream().filter(SimNode::isBootstrapped).count();
        // The ring keeps a node more than the replication factor after a removal; a replacement
        // keeps the ring's size.
        boolean mayRemove = removed < MAX_REMOVALS && bootstrapped >= SimConfig.REPLICATION_FACTOR + 2;
        // A replacement is started with no other movement under way (every node joined), and no
        // node is added until it is done: a join would wait for the lost node's data, holding
        // the ring the replacement needs.
        boolean mayReplace = replacements < MAX_REPLACEMENTS && bootstrapped >= SimConfig.REPLICATION_FACTOR + 1
                && bootstrapped == cluster.nodes.size();
        if (cluster.config.joins() && joined < MAX_JOINS && replaced == null && random.nextInt(10) == 0) {
            addNode();
        } else if (cluster.config.moves() && moves < MAX_MOVES && mover == null && leaving == null && lost == null
                && replaced == null && random.nextInt(8) == 0) {
            // An operator moves a node with every node of the ring there, and nothing else changing.
            move();
        } else if (cluster.config.joins() && left < MAX_LEAVES && lost == null && replaced == null && mover == null
                && bootstrapped >= SimConfig.REPLICATION_FACTOR + 2 && random.nextInt(8) == 0) {
            // An operator decommissions with every node of the ring there, not while one is lost.
            decommission();
        } else if (cluster.config.joins() && (mayRemove || mayReplace) && lost == null && replaced == null
                && leaving == null && mover == null && random.nextInt(8) == 0) {
            // One loss at a time: removed, or replaced, as the run draws (when both still may be).
            if (mayReplace && (!mayRemove || random.nextBoolean())) {
                loseAndReplace();
            } else {
                loseAndRemove();
            }
        } else if (action < 20) {
            partition();
        } else if (action < 35) {
            cluster.network.healAll();
            cluster.trace("nemesis: network healed");
        } else if (action < 42) {
            crashOrRestart();
        } else if (cluster.config.counters() && action < 55) {
            // Counters: leaders crash soon after leading and come back often (each time under a
            // new incarnation, which must not write over the shard states the crash lost).
            List<SimNode> down = cluster.nodes.stream().filter(node -> !node.isUp() && !node.isLost()).toList();
            if (down.isEmpty()) {
                crashAfterLeading();
            } else {
                restart(down.get(random.nextInt(down.size())));
            }
        } else if (action < 50) {
            if (cluster.config.lwt()) {
                crashMidPaxos();
            } else {
                crashBetweenBatchParts();
            }
        } else if (action < 60) {
            SimNode node = nodes.get(random.nextInt(nodes.size()));
            long pause = 1_000_000L + random.nextLong(20_000_000L);
            node.scheduler.pauseUntil(cluster.time.currentTimeMicros() + pause);
            cluster.trace("nemesis: node " + (node.index + 1) + " paused for " + pause / 1000 + " ms");
        } else if (action < 80) {
            SimNetwork.Weather weather = new SimNetwork.Weather(random.nextDouble() * 0.1,
                    random.nextDouble() * 0.05, random.nextDouble() * 0.2,
                    Duration.ofMillis(10 + random.nextInt(3_000)));
            cluster.network.setWeather(weather);
            cluster.trace("nemesis: weather " + weather);
        } else if (action < (cluster.config.lwt() ? 84 : 90)) {
            cluster.network.setWeather(SimNetwork.Weather.CALM);
            cluster.trace("nemesis: calm weather");
        } else {
            SimNode node = nodes.get(random.nextInt(nodes.size()));
            // Lightweight transactions take ballots from the clock: their runs step clocks more
            // often and further, mostly backwards, where a ballot must not follow the clock.
            long step = cluster.config.lwt() ? random.nextLong(-2_000_000, 1_000_001)
                    : random.nextLong(-300_000, 300_001);
            node.clock.step(step);
            cluster.trace("nemesis: node " + (node.index + 1) + "'s clock stepped " + step / 1000 + " ms");
        }
        cluster.loop.schedule(Duration.ofMillis(2_000 + random.nextInt(28_000)), this::next);
    }

    /** A new node joins: it learns the schema from the cluster metadata log while it joins. */
    private void addNode() {
        joined++;
        SimNode node = cluster.newNode(false);
        node.openStorage();
        node.sync();
        cluster.nodes.add(node);
        onAdded.accept(node);
        cluster.log.record(cluster.time.currentTimeMicros(), -3, node.index);
        cluster.trace("nemesis: node " + (node.index + 1) + " added; it joins the ring");
        node.start();
    }

    /**
     * A serving node other than the seed decommissions (the ring keeps a node more than the replication factor after
     * it): it runs again after a failure, and after a crash once it is back, until it has left.
     * Then its process stops and it is no longer in the cluster.
     */
    private void decommission() {
        // Never node 1: it is every node's seed, which an operator would change first.
        List<SimNode> serving = cluster.nodes.stream().filter(node -> node.isServing() && node.index > 0).toList();
        if (serving.isEmpty()) {
            return;
        }
        left++;
        leaving = serving.get(random.nextInt(serving.size()));
        onLeaving.accept(leaving);
        cluster.log.record(cluster.time.currentTimeMicros(), -4, leaving.index);
        cluster.trace("nemesis: node " + (leaving.index + 1) + " decommissions");
        driveLeave();
    }

    /** Runs the decommission of {@link #leaving} if its node serves and no attempt is running. */
    private void driveLeave() {
        SimNode node = leaving;
        if (node == null || leaveRunning || !node.isServing()) {
            return;
        }
        leaveRunning = true;
        node.decommission((done, why) -> {
            leaveRunning = false;
            if (leaving != node) {
                return;
            }
            if (done) {
                leaving = null;
                onLeft.accept(node);
                node.crash();
                cluster.nodes.remove(node);
                cluster.trace("nemesis: node " + (node.index + 1) + " has left the cluster and stops");
            } else {
                cluster.trace("nemesis: the decommission of node " + (node.index + 1) + " failed (" + why
                        + "); it runs again");
                cluster.loop.schedule(LEAVE_RETRY, this::driveLeave);
            }
        });
    }

    /**
     * A serving node moves to other tokens (as many, balanced against the others'): it runs again
     * after a failure, and after a crash once it is back, until it has moved.
     */
    private void move() {
        List<SimNode> serving = cluster.nodes.stream().filter(SimNode::isServing).toList();
        if (serving.isEmpty()) {
            return;
        }
        moves++;
        mover = serving.get(random.nextInt(serving.size()));
        moveTo = cluster.tokensToMoveTo(mover, random);
        onMoving.accept(mover);
        cluster.log.record(cluster.time.currentTimeMicros(), -8, mover.index);
        cluster.trace("nemesis: node " + (mover.index + 1) + " moves to tokens " + moveTo);
        driveMove();
    }

    /** Runs the move of {@link #mover} if its node serves and no attempt is running. */
    private void driveMove() {
        SimNode node = mover;
        if (node == null || moveRunning || !node.isServing()) {
            return;
        }
        moveRunning = true;
        node.move(moveTo, (done, why) -> {
            moveRunning = false;
            if (mover != node) {
                return;
            }
            if (done) {
                mover = null;
                onMoved.accept(node);
            } else {
                cluster.trace("nemesis: the move of node " + (node.index + 1) + " failed (" + why + "); it runs again");
                cluster.loop.schedule(LEAVE_RETRY, this::driveMove);
            }
        });
    }

    /**
     * A node other than the seed is lost for good (crashed, never restarted) and, once the
     * others see it down, removed from the ring by another node: its ranges are copied from the
     * replicas that stay. The removal runs again after a failure, and on another node when the
     * one running it crashes, until it is done; then the lost node is no longer in the cluster.
     */
    private void loseAndRemove() {
        List<SimNode> candidates = cluster.nodes.stream()
                .filter(node -> node.isServing() && node.index > 0 && node != leaving).toList();
        if (candidates.isEmpty()) {
            return;
        }
        removed++;
        lost = candidates.get(random.nextInt(candidates.size()));
        lostAtMicros = cluster.now();
        lost.lose();
        onLeaving.accept(lost);
        if (lost.isUp()) {
            crash(lost);
        }
        cluster.log.record(cluster.time.currentTimeMicros(), -5, lost.index);
        cluster.trace("nemesis: node " + (lost.index + 1) + " is lost for good; another node will remove it");
        cluster.loop.schedule(LEAVE_RETRY, this::driveRemoval);
    }

    /** Runs {@link #lost}'s removal on a serving node, unless one runs it now. */
    private void driveRemoval() {
        SimNode node = lost;
        if (node == null || (remover != null && remover.isUp())) {
            return;
        }
        List<SimNode> serving = cluster.nodes.stream().filter(node2 -> node2.isServing() && node2 != leaving).toList();
        if (serving.isEmpty()) {
            cluster.loop.schedule(LEAVE_RETRY, this::driveRemoval);
            return;
        }
        SimNode driver = serving.get(random.nextInt(serving.size()));
        remover = driver;
        java.util.UUID stuck = driver.movingNode();
        java.util.function.BiConsumer<Boolean, String> finished = (done, why) -> {
            if (remover == driver) {
                remover = null;
            }
            if (lost != node) {
                return;
            }
            if (done) {
                lost = null;
                onLeft.accept(node);
                cluster.nodes.remove(node);
                cluster.trace("nemesis: node " + (node.index + 1) + " was removed from the cluster");
            } else {
                removalBlocked = why != null && why.contains("one movement runs at a time");
                cluster.trace("nemesis: removing node " + (node.index + 1) + " failed (" + why + "); it runs again");
                cluster.loop.schedule(LEAVE_RETRY, this::driveRemoval);
            }
        };
        if (removalBlocked && stuck != null && !stuck.equals(node.hostId())) {
            // Another movement held the ring while it waits (a join may need the lost node's data).
            removalBlocked = false;
            driver.abortThenRemove(stuck, node.hostId(), finished);
        } else {
            driver.removeNode(node.hostId(), finished);
        }
    }

    /**
     * A node other than the seed is lost for good (crashed, never restarted, its data gone)
     * and, a while later, a new node with empty storage is started to replace it: on the lost
     * node's own address or on a new one, as the run draws. The replacement takes the lost
     * node's tokens through the metadata log and copies its ranges from the replicas that stay;
     * it is driven as a joining node is (its attempts repeat; a crash restarts it like any node;
     * refused for good, it is started again). Once it has joined, the lost node is no longer in
     * the cluster.
     */
    private void loseAndReplace() {
        List<SimNode> candidates = cluster.nodes.stream()
                .filter(node -> node.isServing() && node.index > 0 && node != leaving).toList();
        if (candidates.isEmpty()) {
            return;
        }
        replacements++;
        replaced = candidates.get(random.nextInt(candidates.size()));
        lostAtMicros = cluster.now();
        replaced.lose();
        if (replaced.isUp()) {
            crash(replaced);
        }
        boolean sameAddress = random.nextBoolean();
        Duration delay = LEAVE_RETRY.plusMillis(random.nextLong(MAX_REPLACEMENT_DELAY.toMillis()));
        cluster.log.record(cluster.time.currentTimeMicros(), -6, replaced.index, sameAddress ? 1 : 0);
        cluster.trace("nemesis: node " + (replaced.index + 1) + " is lost for good; a new node will replace it on "
                + (sameAddress ? "its own address" : "a new address") + " in " + delay.toMillis() / 1000 + " s");
        SimNode lostNode = replaced;
        cluster.loop.schedule(delay, () -> startReplacement(lostNode, sameAddress));
    }

    /** Starts the node that replaces {@code lostNode}, still to be replaced, with empty storage. */
    private void startReplacement(SimNode lostNode, boolean sameAddress) {
        if (replaced != lostNode || replacement != null) {
            return;
        }
        SimNode node = cluster.replacementFor(lostNode, sameAddress);
        replacement = node;
        node.openStorage();
        node.sync();
        cluster.nodes.add(node);
        onReplacing.accept(lostNode, node);
        node.onGaveUp(why -> cluster.loop.schedule(LEAVE_RETRY, () -> {
            // As its operator would: the same process settings, started again.
            if (replacement == node && node.isUp() && !node.isBootstrapped()) {
                cluster.trace("nemesis: node " + (node.index + 1) + ", which replaces node " + (lostNode.index + 1)
                        + ", gave up (" + why + "); it is started again");
                crash(node);
                restart(node);
            }
        }));
        cluster.log.record(cluster.time.currentTimeMicros(), -7, node.index, lostNode.index);
        cluster.trace("nemesis: node " + (node.index + 1) + " (" + node.address + ") starts to replace node "
                + (lostNode.index + 1) + " (" + lostNode.address + ")");
        node.start();
        cluster.loop.schedule(LEAVE_RETRY, () -> awaitReplaced(lostNode, node));
    }

    /** Once {@code node} has replaced {@code lostNode} (joined), the lost node is no longer in the cluster. */
    private void awaitReplaced(SimNode lostNode, SimNode node) {
        if (replacement != node) {
            return;
        }
        if (!node.isBootstrapped()) {
            cluster.loop.schedule(LEAVE_RETRY, () -> awaitReplaced(lostNode, node));
            return;
        }
        replaced = null;
        replacement = null;
        cluster.nodes.remove(lostNode);
        cluster.trace("nemesis: node " + (node.index + 1) + " replaced node " + (lostNode.index + 1)
                + ", which is no longer in the cluster");
    }

    /** When a node was last lost for good (the history's clock), or -1. */
    private long lostAtMicros = -1;

    /** Whether the last removal attempt failed waiting for another node's movement. */
    private boolean removalBlocked;

    /** The node told to move that has not moved yet, or null. */
    SimNode unfinishedMove() {
        return mover;
    }

    /** Whether a decommission, a removal, a replacement or a move is still under way. */
    boolean topologyChangeUnderWay() {
        return leaving != null || lost != null || replaced != null || mover != null;
    }

    private void partition() {
        List<NodeAddress> order = new ArrayList<>(cluster.nodes.stream().map(node -> node.address).toList());
        for (int i = order.size() - 1; i > 0; i--) {
            java.util.Collections.swap(order, i, random.nextInt(i + 1));
        }
        SimNetwork network = cluster.network;
        network.healAll();
        int kind = random.nextInt(3);
        if (kind == 0) {
            network.split(order.subList(0, 1), order.subList(1, order.size()), "isolated " + order.get(0));
        } else if (kind == 1 || order.size() < 4) {
            int cut = order.size() / 2;
            network.split(order.subList(0, cut), order.subList(cut, order.size()),
                    "halves " + order.subList(0, cut) + " | " + order.subList(cut, order.size()));
        } else {
            network.majorityRing(order);
        }
        cluster.trace("nemesis: partition " + network.partition());
    }

    private void crashOrRestart() {
        List<SimNode> down = cluster.nodes.stream().filter(node -> !node.isUp() && !node.isLost()).toList();
        int maxDown = (cluster.nodes.size() - 1) / 2;
        if (!down.isEmpty() && (down.size() >= maxDown || random.nextBoolean())) {
            restart(down.get(random.nextInt(down.size())));
        } else {
            List<SimNode> up = cluster.nodes.stream().filter(SimNode::isUp).toList();
            crash(up.get(random.nextInt(up.size())));
        }
    }

    /**
     * Arms a node to crash as it coordinates the second part of its next batch (the write to
     * the mirror table), before any replica has it: what the batchlog is for.
     */
    private void crashBetweenBatchParts() {
        List<SimNode> up = cluster.nodes.stream().filter(SimNode::isServing).toList();
        long down = cluster.nodes.stream().filter(node -> !node.isUp()).count();
        if (up.isEmpty() || down >= (cluster.nodes.size() - 1) / 2) {
            return;
        }
        SimNode node = up.get(random.nextInt(up.size()));
        cluster.trace("nemesis: node " + (node.index + 1) + " will crash between the parts of its next batch");
        node.crashBeforeWriting(Workload.MIRROR, () -> cluster.loop.schedule(java.time.Duration.ZERO, () -> {
            if (node.isUp()) {
                cluster.trace("nemesis: node " + (node.index + 1) + " crashes between a batch's parts");
                crash(node);
            }
        }));
    }

    /**
     * Arms a node to crash in the middle of its next Paxos round as coordinator: as it sends its
     * proposal (only its own acceptor may have accepted it), or as it sends a commit (the value
     * may be chosen, and its other acceptors hold it accepted but not committed): what the next
     * round's prepare must find and finish.
     */
    private void crashMidPaxos() {
        List<SimNode> up = cluster.nodes.stream().filter(SimNode::isServing).toList();
        long down = cluster.nodes.stream().filter(node -> !node.isUp()).count();
        if (up.isEmpty() || down >= (cluster.nodes.size() - 1) / 2) {
            return;
        }
        SimNode node = up.get(random.nextInt(up.size()));
        Verb verb = random.nextBoolean() ? Verb.PAXOS_PROPOSE : Verb.PAXOS_COMMIT;
        cluster.trace("nemesis: node " + (node.index + 1) + " will crash as it sends its next " + verb);
        node.crashBeforeSending((sent, payload) -> sent == verb, () -> cluster.loop.schedule(Duration.ZERO, () -> {
            if (node.isUp()) {
                cluster.trace("nemesis: node " + (node.index + 1) + " crashes as it sends a " + verb);
                crash(node);
            }
        }));
    }

    /** The longest a node armed by {@link #crashAfterLeading} lives on after it led an increment. */
    private static final Duration MAX_LIFE_AFTER_LEADING = Duration.ofSeconds(4);

    /**
     * Arms a node to crash soon after it next leads a counter increment (as it sends its new shard
     * state to the other replicas, which receive it): under periodic sync, within a sync period,
     * so that the crash loses the shard state it wrote while its replicas keep it. A node that
     * restarted must not write its shard's older state over theirs.
     */
    private void crashAfterLeading() {
        List<SimNode> up = cluster.nodes.stream().filter(SimNode::isServing).toList();
        long down = cluster.nodes.stream().filter(node -> !node.isUp()).count();
        if (up.isEmpty() || down >= (cluster.nodes.size() - 1) / 2) {
            return;
        }
        SimNode node = up.get(random.nextInt(up.size()));
        Duration life = Duration.ofMillis(random.nextLong(MAX_LIFE_AFTER_LEADING.toMillis()));
        cluster.trace("nemesis: node " + (node.index + 1) + " will crash " + life.toMillis()
                + " ms after it next leads an increment");
        node.crashAfterWriting(CounterWorkload.TABLE, () -> cluster.loop.schedule(life, () -> {
            long nowDown = cluster.nodes.stream().filter(other -> !other.isUp()).count();
            if (node.isUp() && on && nowDown < (cluster.nodes.size() - 1) / 2) {
                cluster.trace("nemesis: node " + (node.index + 1) + " crashes after leading an increment");
                crash(node);
            }
        }));
    }

    /**
     * Whether an acknowledged counter increment may be gone: under periodic commit-log sync, as
     * many nodes as it was acknowledged by (one at ONE: its leader alone may have held it; two at
     * QUORUM; all three replicas at ALL) crashed between its invocation and a sync period after
     * its acknowledgement (Cassandra's documented trade-off); and one at ONE invoked before a node
     * was lost for good may have been on that node only.
     */
    boolean incrementMayBeLost(History.Op increment) {
        int acknowledgedBy = switch (increment.consistency) {
            case ONE, ANY, LOCAL_ONE -> 1;
            case ALL -> SimConfig.REPLICATION_FACTOR;
            default -> SimConfig.REPLICATION_FACTOR / 2 + 1;
        };
        if (lostAtMicros >= 0 && increment.invokedMicros <= lostAtMicros && acknowledgedBy == 1) {
            return true;
        }
        if (!cluster.config.periodicSync()) {
            return false;
        }
        long window = SimNode.COMMIT_LOG_SYNC_PERIOD.toNanos() / 1_000L;
        java.util.Set<Integer> crashed = new java.util.HashSet<>();
        for (int i = 0; i < crashTimes.size(); i++) {
            long at = crashTimes.get(i);
            if (at >= increment.invokedMicros && at <= increment.completedMicros + window) {
                crashed.add(crashedNodes.get(i));
            }
        }
        return crashed.size() >= acknowledgedBy;
    }

    /**
     * Under periodic commit-log sync, a write acknowledged less than a sync period before some
     * node crashed may be gone from that replica (Cassandra's documented trade-off); under
     * batch sync no acknowledged write may be lost. A write at ONE made before a node was lost
     * for good may have been on that node only, and so may a LOGGED batch not acknowledged (see
     * below).
     */
    boolean mayBeLost(History.Op write) {
        if (lostAtMicros >= 0 && write.invokedMicros <= lostAtMicros
                && (write.consistency == io.cairn.cql.ConsistencyLevel.ONE
                || write.consistency == io.cairn.cql.ConsistencyLevel.ANY)) {
            // A write at ONE may have reached only the node lost for good (its coordinator, say).
            return true;
        }
        if (lostAtMicros >= 0 && write.invokedMicros <= lostAtMicros && write.kind == History.Kind.LOGGED_BATCH
                && write.outcome != History.Outcome.OK) {
            // Its batchlog may have had one holder, the node lost for good: the store on the other
            // timed out (the batch failed before any part was written; a coordinator with a single
            // other live node keeps a copy itself, so that case is no longer one). Replaying it, the holder may have written its parts to itself alone
            // (the other replicas cut off, their hints kept by the holder too), and a read at ONE
            // may have seen them there, or a read repair copied one part elsewhere: whatever any
            // replay does, such a batch may vanish with that node, whole or in part, in Cassandra
            // too (seed 3439 with joins). One acknowledged at QUORUM or ALL wrote every part to a
            // quorum itself.
            return true;
        }
        if (!cluster.config.periodicSync()) {
            return false;
        }
        long window = SimNode.COMMIT_LOG_SYNC_PERIOD.toNanos() / 1_000L;
        for (long crashed : crashTimes) {
            if (crashed >= write.invokedMicros && crashed <= write.completedMicros + window) {
                return true;
            }
        }
        return false;
    }

    void crash(SimNode node) {
        crashTimes.add(cluster.now());
        crashedNodes.add(node.index);
        node.crash();
        if (node == leaving) {
            // Its attempt vanished with the process: it runs again once the node is back.
            leaveRunning = false;
        }
        if (node == mover) {
            moveRunning = false;
        }
        if (node == remover) {
            // The removal it ran vanished with it: another node runs it.
            remover = null;
            cluster.loop.schedule(LEAVE_RETRY, this::driveRemoval);
        }
        cluster.log.record(cluster.time.currentTimeMicros(), -1, node.index);
        cluster.trace("nemesis: node " + (node.index + 1) + " crashed");
    }

    void restart(SimNode node) {
        node.start();
        cluster.log.record(cluster.time.currentTimeMicros(), -2, node.index);
        cluster.trace("nemesis: node " + (node.index + 1) + " restarted");
        if (node == leaving) {
            cluster.loop.schedule(LEAVE_RETRY, this::driveLeave);
        }
        if (node == mover) {
            cluster.loop.schedule(LEAVE_RETRY, this::driveMove);
        }
    }

    void healEverything() {
        cluster.network.healAll();
        cluster.network.setWeather(SimNetwork.Weather.CALM);
        for (SimNode node : cluster.nodes) {
            if (!node.isUp() && !node.isLost()) {
                restart(node);
            }
        }
        cluster.trace("healed: network whole and calm, every node up" + (lost == null ? ""
                : " but node " + (lost.index + 1) + ", lost for good and not removed yet")
                + (replaced == null ? "" : " but node " + (replaced.index + 1) + ", lost for good and not replaced yet"));
    }
}
