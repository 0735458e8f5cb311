package io.cairn.node.agreement;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.NodeState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits until the cluster has caught up with an epoch before a movement takes its next step,
 * so that no two nodes plan requests more than one step apart (the placements of neighbouring
 * steps always share a quorum; those two steps apart may not).
 *
 * <p>Every node of the directory that is not gone is asked (EPOCH_AWAIT) until it answers the
 * epoch, polling every {@link #POLL}. A majority of the joined nodes (this one included when
 * joined) must always answer it; beyond that, a node the failure detector holds dead is not
 * waited for, and after {@link #ALL_WAIT} the majority suffices, so that one node stuck alive
 * does not hold the cluster's shape forever. After
 * {@link #LIMIT} the barrier fails, saying who is behind. A node that is behind when it plans a
 * request is what the epoch check of replicas catches.
 */
final class ProgressBarrier {

    static final Duration POLL = Duration.ofMillis(100);
    static final Duration ALL_WAIT = Duration.ofSeconds(10);
    static final Duration LIMIT = Duration.ofSeconds(60);

    private final Supplier<ClusterMetadata> metadata;
    private final NodeAddress self;
    private final Predicate<NodeAddress> alive;
    private final BiFunction<NodeAddress, Epoch, CompletableFuture<Epoch>> ask;
    private final Clock clock;
    private final Scheduler scheduler;

    /**
     * @param ask asks a node to reach an epoch: completes with the epoch it reached, or null
     *            when it did not answer (never fails)
     */
    ProgressBarrier(Supplier<ClusterMetadata> metadata, NodeAddress self, Predicate<NodeAddress> alive,
                    BiFunction<NodeAddress, Epoch, CompletableFuture<Epoch>> ask, Clock clock, Scheduler scheduler) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.self = Objects.requireNonNull(self, "self");
        this.alive = Objects.requireNonNull(alive, "alive");
        this.ask = Objects.requireNonNull(ask, "ask");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Completes once the cluster has reached {@code epoch} (see the class); fails after {@link #LIMIT}. */
    CompletableFuture<Void> await(Epoch epoch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        round(epoch, ConcurrentHashMap.newKeySet(), clock.nanoTime(), done);
        return done;
    }

    private void round(Epoch epoch, Set<NodeAddress> reached, long startNanos, CompletableFuture<Void> done) {
        ClusterMetadata current = metadata.get();
        List<NodeAddress> behind = new ArrayList<>();
        List<CompletableFuture<Void>> asked = new ArrayList<>();
        for (NodeRecord node : current.directory().nodes().values()) {
            NodeAddress address = node.address();
            if (node.state() == NodeState.LEFT || address.equals(self) || reached.contains(address)) {
                continue;
            }
            if (alive.test(address)) {
                behind.add(address);
            } else if (node.state() != NodeState.JOINED) {
                continue;   // a dead joined node is asked too: the majority may need its answer
            }
            asked.add(ask.apply(address, epoch).thenAccept(answered -> {
                if (answered != null && !epoch.isAfter(answered)) {
                    reached.add(address);
                }
            }));
        }
        CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
            behind.removeAll(reached);
            Duration waited = Duration.ofNanos(clock.nanoTime() - startNanos);
            boolean majority = majorityReached(current, reached);
            if (majority && (behind.isEmpty() || waited.compareTo(ALL_WAIT) >= 0)) {
                done.complete(null);
            } else if (waited.compareTo(LIMIT) >= 0) {
                done.completeExceptionally(new IllegalStateException((majority ? "Nodes " + behind
                        : "A majority of the joined nodes") + " did not reach " + epoch + " within "
                        + LIMIT.toSeconds() + " s"));
            } else {
                scheduler.schedule(POLL, () -> round(epoch, reached, startNanos, done));
            }
        });
    }

    /** Whether a majority of the joined nodes has the epoch (this one has it). */
    private boolean majorityReached(ClusterMetadata current, Set<NodeAddress> reached) {
        List<NodeId> joined = current.directory().inState(NodeState.JOINED);
        long confirmed = joined.stream().map(id -> current.directory().get(id).address())
                .filter(address -> address.equals(self) || reached.contains(address)).count();
        return confirmed >= joined.size() / 2 + 1;
    }
}
