package io.cairn.node;

import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.concurrent.AsyncLoop;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.node.agreement.MetadataService;
import io.cairn.node.bootstrap.Bootstrap;
import io.cairn.node.metadata.AdvanceMovement;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.metadata.PrepareLeave;
import io.cairn.node.metadata.PrepareRemove;
import io.cairn.node.metadata.RangeMovement;
import io.cairn.node.metadata.Transformation;
import io.cairn.node.schema.KeyspaceMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How a node's ranges are handed over through the cluster metadata log to the nodes that gain
 * them, every wait a step on the scheduler: a decommission (the node itself leaves, and the nodes
 * that gain its ranges copy them from it), a removenode (a dead node is taken out, and the nodes
 * that gain its ranges copy them from every replica that stays), or a move (the node takes other
 * tokens: it copies the ranges it gains from the nodes that give them up, and the nodes that gain
 * its old ranges copy them from it). Run by the leaving or moving node, or for a removenode by
 * any node: it prepares the movement (a metadata replica that goes out gives up that role in the
 * same entry, after another node became one), starts it (from then on writes go to the gaining
 * nodes too), waits until every node has that step, asks each gaining node to copy its ranges
 * (RANGE_FETCH, or the copy itself when this node gains ranges), moves to MID (reads go to the new
 * ring), waits again, and finishes: the node has LEFT, or has its new tokens. Each step is an
 * entry taken only while it is next, so running the operation again after a failure or a crash
 * resumes at the step the log has.
 */
final class HandOverSequence {

    private static final Logger LOG = LoggerFactory.getLogger(HandOverSequence.class);

    /** How many failed copies or unanswered requests in a row make the attempt fail. */
    static final int FETCH_TRIES = 10;

    /** How long a gaining node has to answer a RANGE_FETCH (it answers at once, the copy runs on). */
    static final Duration FETCH_ANSWER_WAIT = Duration.ofSeconds(10);

    /** Why a node cannot leave, be removed or move, which no retry changes: an operator must act. */
    static final class CannotHandOverException extends IllegalStateException {
        CannotHandOverException(String message) {
            super(message);
        }
    }

    /** The next thing to do for a node going out, as the log says. */
    enum Step {
        /** Prepare the movement that takes the node out. */
        PREPARE,
        /** Another node's movement runs: one at a time. */
        WAIT_FOR_MOVEMENT,
        /** Start it: writes go to the gaining nodes too. */
        START,
        /** Wait for every node to have STARTED, have the gaining nodes copy, then go to MID. */
        STREAM,
        /** Wait for every node to have MID, then finish. */
        FINISH,
        /** Done: out of the cluster (a leave, a removal), or on its new tokens (a move). */
        DONE
    }

    /**
     * The next step of {@code node}'s {@code kind} (LEAVE, REMOVE, or MOVE to {@code tokens}, null
     * for the others) in {@code metadata}. Throws {@link CannotHandOverException} when it cannot
     * happen: the node is unknown, not in the ring (or, for a move, has left), or its own movement
     * is of another kind or (a move) to other tokens.
     */
    static Step nextStep(ClusterMetadata metadata, NodeId node, RangeMovement.Kind kind,
                         java.util.SortedSet<Long> tokens) {
        if ((kind == RangeMovement.Kind.MOVE) != (tokens != null)) {
            throw new IllegalArgumentException("A " + kind + (tokens == null ? " needs" : " takes no") + " tokens");
        }
        NodeRecord record = metadata.directory().get(node);
        if (record == null) {
            throw new CannotHandOverException("Node " + node + " is not in the cluster metadata log");
        }
        if (record.state() == NodeState.LEFT) {
            if (kind == RangeMovement.Kind.MOVE) {
                throw new CannotHandOverException("Node " + node + " has left the ring: it cannot move");
            }
            return Step.DONE;
        }
        RangeMovement movement = metadata.movement();
        if (movement != null && movement.node().equals(node)) {
            if (movement.kind() != kind) {
                throw new CannotHandOverException("Node " + node + " is in a " + movement.kind() + " (at "
                        + movement.step() + "), not a " + kind + ": abort that first");
            }
            if (kind == RangeMovement.Kind.MOVE && !movement.newTokens().get(node).equals(tokens)) {
                throw new CannotHandOverException("Node " + node + " is moving to other tokens ("
                        + movement.newTokens().get(node) + ", at " + movement.step() + "): abort that first");
            }
            return switch (movement.step()) {
                case PREPARED -> Step.START;
                case STARTED -> Step.STREAM;
                case MID -> Step.FINISH;
            };
        }
        if (record.state() != NodeState.JOINED) {
            throw new CannotHandOverException("Node " + node + " is " + record.state() + ", not in the ring");
        }
        if (kind == RangeMovement.Kind.MOVE && tokens.equals(metadata.tokens().get(node))) {
            return Step.DONE;
        }
        return movement == null ? Step.PREPARE : Step.WAIT_FOR_MOVEMENT;
    }

    private final RangeMovement.Kind kind;
    private final NodeId node;
    /** MOVE only: the tokens the node moves to; null otherwise. */
    private final java.util.SortedSet<Long> tokens;
    private final Clock clock;
    private final Scheduler scheduler;
    private final MessagingService messaging;
    private final MetadataService metadata;
    private final Supplier<Collection<KeyspaceMetadata>> keyspaces;
    private final Supplier<Bootstrap> bootstrap;
    private final Predicate<NodeAddress> alive;
    private final Duration movementWait;
    private final java.util.function.UnaryOperator<Supplier<CompletableFuture<Long>>> copies;

    /**
     * @param kind      LEAVE (this node decommissions), REMOVE (a dead node is removed) or MOVE
     *                  (this node moves)
     * @param tokens    MOVE only: the tokens this node moves to (its whole new set); null otherwise
     * @param keyspaces the keyspaces whose data moves (the log's and the replicated system ones)
     * @param bootstrap copies ranges this node receives (a removenode run by a gaining node)
     * @param copies    how the STREAM step has the gaining nodes copy (as is, but in the
     *                  simulator's planted bug)
     */
    HandOverSequence(RangeMovement.Kind kind, NodeId node, java.util.SortedSet<Long> tokens, Clock clock, Scheduler scheduler, MessagingService messaging,
                  MetadataService metadata, Supplier<Collection<KeyspaceMetadata>> keyspaces,
                  Supplier<Bootstrap> bootstrap, Predicate<NodeAddress> alive, Duration movementWait,
                  java.util.function.UnaryOperator<Supplier<CompletableFuture<Long>>> copies) {
        if (kind != RangeMovement.Kind.LEAVE && kind != RangeMovement.Kind.REMOVE && kind != RangeMovement.Kind.MOVE) {
            throw new IllegalArgumentException("A node hands its ranges over by LEAVE, REMOVE or MOVE, not " + kind);
        }
        if ((kind == RangeMovement.Kind.MOVE) != (tokens != null)) {
            throw new IllegalArgumentException("A " + kind + (tokens == null ? " needs" : " takes no") + " tokens");
        }
        this.kind = kind;
        this.node = node;
        this.tokens = tokens == null ? null
                : java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(tokens));
        this.clock = clock;
        this.scheduler = scheduler;
        this.messaging = messaging;
        this.metadata = metadata;
        this.keyspaces = keyspaces;
        this.bootstrap = bootstrap;
        this.alive = alive;
        this.movementWait = movementWait;
        this.copies = copies;
    }

    /**
     * Runs the steps until the node has left (or, a move, has its new tokens); completes with the
     * partitions the gaining nodes copied.
     */
    CompletableFuture<Long> run() {
        return step(0L, -1L);
    }

    private CompletableFuture<Long> step(long copied, long waitingSince) {
        ClusterMetadata current = metadata.current();
        Step next;
        try {
            next = nextStep(current, node, kind, tokens);
            if (next == Step.PREPARE && kind == RangeMovement.Kind.REMOVE) {
                refuseToRemoveLiveNode(current);
            }
            if (next == Step.PREPARE && kind == RangeMovement.Kind.LEAVE) {
                refuseToLeaveTooFewReplicas(current, node, keyspaces.get());
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return switch (next) {
            case DONE -> {
                LOG.info(kind == RangeMovement.Kind.MOVE ? "Node {} has moved, at {}" : "Node {} has left the ring, at {}",
                        node, current.epoch());
                yield CompletableFuture.completedFuture(copied);
            }
            case PREPARE -> {
                NodeId successor = kind == RangeMovement.Kind.MOVE ? null : successorAsMetadataReplica(current);
                if (successor != null) {
                    // The set grows first (to four, quorum three) and shrinks back in the Prepare
                    // entry: it never passes through two, where any one failure stops the log.
                    yield metadata.commit(latest -> successor.equals(successorAsMetadataReplica(latest))
                                    ? new io.cairn.node.metadata.AddMetadataReplica(successor) : null)
                            .thenCompose(done -> step(copied, -1L));
                }
                yield take(Step.PREPARE, this::preparation).thenCompose(done -> step(copied, -1L));
            }
            case WAIT_FOR_MOVEMENT -> {
                long since = waitingSince < 0 ? clock.nanoTime() : waitingSince;
                if (clock.nanoTime() - since > movementWait.toNanos()) {
                    RangeMovement other = current.movement();
                    yield CompletableFuture.failedFuture(new IllegalStateException("The " + other.kind() + " of node "
                            + other.node() + " has held the ring for " + movementWait.toSeconds() + " s (at "
                            + other.step() + "): one movement runs at a time"));
                }
                yield delay(JoinSequence.MOVEMENT_POLL).thenCompose(done -> step(copied, since));
            }
            case START -> take(Step.START, () -> new AdvanceMovement(node, AdvanceMovement.To.STARTED))
                    .thenCompose(done -> step(copied, -1L));
            case STREAM -> metadata.barrier(current.epoch())
                    .thenCompose(ready -> copies.apply(() -> copyToGainingNodes(current)).get())
                    .thenCompose(partitions -> take(Step.STREAM, current.movement().started(),
                                    () -> new AdvanceMovement(node, AdvanceMovement.To.MID))
                            .thenCompose(done -> step(copied + partitions, -1L)));
            case FINISH -> metadata.barrier(current.epoch())
                    .thenCompose(ready -> take(Step.FINISH, () -> new AdvanceMovement(node, AdvanceMovement.To.FINISHED)))
                    .thenCompose(done -> step(copied, -1L));
        };
    }

    /**
     * A decommission that would leave a data center with fewer joined nodes than a keyspace's
     * replication factor there is refused, as Cassandra refuses it: the writes that only the
     * leaving node held (at ONE, with the others down) would have nowhere to go.
     */
    static void refuseToLeaveTooFewReplicas(ClusterMetadata current, NodeId node,
                                            Collection<KeyspaceMetadata> keyspaces) {
        java.util.Map<String, Integer> remaining = new java.util.TreeMap<>();
        for (NodeId member : current.tokens().keySet()) {
            if (!member.equals(node)) {
                remaining.merge(current.directory().get(member).dataCenter(), 1, Integer::sum);
            }
        }
        String dataCenter = current.directory().get(node).dataCenter();
        for (KeyspaceMetadata keyspace : keyspaces) {
            if (io.cairn.node.schema.SystemKeyspaces.isLocal(keyspace.name())) {
                continue;
            }
            boolean simple = keyspace.replication().getOrDefault("class", "").endsWith("SimpleStrategy");
            int factor = keyspace.replicationFactor(simple ? null : dataCenter);
            int left = simple ? remaining.values().stream().mapToInt(Integer::intValue).sum()
                    : remaining.getOrDefault(dataCenter, 0);
            if (factor > left) {
                throw new CannotHandOverException("Node " + node + " cannot decommission: keyspace " + keyspace.name()
                        + " keeps " + factor + " replicas" + (simple ? "" : " in " + dataCenter) + ", and "
                        + left + " nodes would be left. Add a node or lower the replication factor first");
            }
        }
    }

    /**
     * The node to make a metadata replica before {@code node}, one, goes out: the joined node
     * with the lowest host id that gossip has alive and is not one; null when {@code node} is
     * not a metadata replica, the set is larger than the steward's target already, or no node
     * can take the role (the set then shrinks).
     */
    private NodeId successorAsMetadataReplica(ClusterMetadata current) {
        java.util.SortedSet<NodeId> replicas = current.metadataReplicas();
        if (!replicas.contains(node) || replicas.size() > io.cairn.node.agreement.MetadataReplicaSteward.TARGET
                || nextStep(current, node, kind, tokens) != Step.PREPARE) {
            return null;
        }
        for (NodeRecord record : current.directory().nodes().values()) {
            if (record.state() == NodeState.JOINED && !record.id().equals(node) && !replicas.contains(record.id())
                    && alive.test(record.address())) {
                return record.id();
            }
        }
        return null;
    }

    /** A node that gossip has alive is decommissioned, not removed: removing it would lose its writes. */
    private void refuseToRemoveLiveNode(ClusterMetadata current) {
        NodeAddress address = current.directory().get(node).address();
        if (address.equals(messaging.localAddress()) || alive.test(address)) {
            throw new CannotHandOverException("Node " + node + " (" + address + ") is alive: decommission it instead "
                    + "(removenode is for a node that is down for good)");
        }
    }

    /** The entry that prepares this movement. */
    private Transformation preparation() {
        return switch (kind) {
            case LEAVE -> new PrepareLeave(node);
            case REMOVE -> new PrepareRemove(node);
            case MOVE -> new io.cairn.node.metadata.PrepareMove(node, tokens);
            case JOIN, REPLACE -> throw new IllegalStateException("Not handed over: " + kind);
        };
    }

    /** Commits {@code entry} while the log still has {@code step} next (at most once). */
    private CompletableFuture<ClusterMetadata> take(Step step, Supplier<Transformation> entry) {
        return metadata.commit(latest -> nextStep(latest, node, kind, tokens) == step ? entry.get() : null);
    }

    /**
     * Commits {@code entry} while the log still has {@code step} next for the movement prepared
     * at {@code prepared}: copies made for a movement that was cancelled (and maybe prepared
     * again since) never move another one on.
     */
    private CompletableFuture<ClusterMetadata> take(Step step, io.cairn.node.metadata.Epoch prepared,
                                                    Supplier<Transformation> entry) {
        return metadata.commit(latest -> nextStep(latest, node, kind, tokens) == step
                && latest.movement().started().equals(prepared) ? entry.get() : null);
    }

    /**
     * Has every node that gains ranges in {@code started} copy them, in parallel; completes with
     * the partitions copied, or fails naming a node that could not.
     */
    private CompletableFuture<Long> copyToGainingNodes(ClusterMetadata started) {
        Collection<KeyspaceMetadata> moved = keyspaces.get();
        List<CompletableFuture<Long>> copies = new ArrayList<>();
        for (NodeAddress receiver : Bootstrap.receivers(started, moved)) {
            if (receiver.equals(messaging.localAddress())) {
                copies.add(bootstrap.get().runAsync(started, moved));
            } else {
                copies.add(fetch(receiver, new RangeFetch.Request(node, started.movement().started()),
                        clock.nanoTime(), 0));
            }
        }
        LOG.info("The {} of {}: {} nodes copy the ranges they gain", kind, node, copies.size());
        return CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new))
                .thenApply(all -> copies.stream().mapToLong(copy -> copy.getNow(0L)).sum());
    }

    /**
     * Asks {@code receiver} to copy its ranges, then how far it is every {@link RangeFetch#POLL},
     * for at most {@link RangeFetch#COPY_WAIT}: completes with the partitions copied, or fails
     * after {@link #FETCH_TRIES} failed copies or unanswered requests in a row.
     */
    private CompletableFuture<Long> fetch(NodeAddress receiver, RangeFetch.Request request, long since, int failures) {
        RangeMovement movement = metadata.current().movement();
        if (movement == null || !movement.node().equals(node) || movement.step() != RangeMovement.Step.STARTED
                || !movement.started().equals(request.prepared())) {
            return CompletableFuture.failedFuture(new IllegalStateException("The " + kind + " of " + node + " is no "
                    + "longer at STARTED in the log (cancelled, or taken on by another attempt): " + (movement == null
                    ? "no movement" : "the " + movement.kind() + " of " + movement.node() + " at " + movement.step())));
        }
        if (clock.nanoTime() - since > RangeFetch.COPY_WAIT.toNanos()) {
            return CompletableFuture.failedFuture(new IllegalStateException("Node " + receiver + " did not copy the "
                    + "ranges it gains within " + RangeFetch.COPY_WAIT.toMinutes() + " min"));
        }
        return messaging.request(receiver, Verb.RANGE_FETCH, RangeFetch.encode(request), FETCH_ANSWER_WAIT)
                .handle((payload, failure) -> {
                    String why;
                    if (failure != null) {
                        why = String.valueOf(AsyncLoop.unwrap(failure).getMessage());
                    } else if (payload == null) {
                        why = "no answer within " + FETCH_ANSWER_WAIT.toSeconds() + " s";
                    } else {
                        RangeFetch.Answer answer = RangeFetch.readAnswer(payload);
                        switch (answer.outcome()) {
                            case COPIED -> {
                                return CompletableFuture.completedFuture(answer.partitions());
                            }
                            case RUNNING, NOT_AT_STEP -> {
                                return delay(RangeFetch.POLL)
                                        .thenCompose(waited -> fetch(receiver, request, since, 0));
                            }
                            case FAILED -> why = answer.reason();
                            default -> throw new IllegalStateException("Unknown outcome " + answer.outcome());
                        }
                    }
                    if (failures + 1 >= FETCH_TRIES) {
                        return CompletableFuture.<Long>failedFuture(new IllegalStateException("Node " + receiver
                                + " could not copy the ranges it gains (" + (failures + 1) + " tries): " + why));
                    }
                    LOG.info("Node {} could not copy the ranges it gains yet ({}); asking again", receiver, why);
                    return delay(RangeFetch.POLL).thenCompose(waited -> fetch(receiver, request, since, failures + 1));
                }).thenCompose(result -> result);
    }

    private CompletableFuture<Void> delay(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(delay, () -> done.complete(null));
        return done;
    }
}
