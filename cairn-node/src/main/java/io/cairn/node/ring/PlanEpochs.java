package io.cairn.node.ring;

import io.cairn.common.time.Scheduler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Waiting for a newer plan: a request refused as planned at a stale epoch is planned again
 * once this node has caught up (the refusal's envelope made it fetch the newer epoch).
 */
public final class PlanEpochs {

    /** How often a waiting request looks whether the node has caught up. */
    public static final Duration POLL = Duration.ofMillis(10);

    private PlanEpochs() {
    }

    /**
     * Completes with {@code topology}'s epoch once it is past {@code epoch}, or with the epoch
     * it has after {@code atMost} (the caller plans again either way). Never fails.
     */
    public static CompletableFuture<Long> newerThan(Topology topology, Scheduler scheduler, long epoch,
                                                    Duration atMost) {
        long now = topology.epoch();
        if (now > epoch || atMost.isNegative() || atMost.isZero()) {
            return CompletableFuture.completedFuture(now);
        }
        CompletableFuture<Long> later = new CompletableFuture<>();
        scheduler.schedule(POLL, () -> newerThan(topology, scheduler, epoch, atMost.minus(POLL))
                .whenComplete((value, failure) -> later.complete(value)));
        return later;
    }
}
