package io.cairn.cluster.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A messaging service's epoch hooks: the epoch it stamps on what it sends, and the observer of
 * what it receives. Until {@link #use} both are idle: messages carry epoch 0 (unknown).
 */
final class Epochs {

    private static final Logger LOG = LoggerFactory.getLogger(Epochs.class);

    private volatile LongSupplier local = () -> 0;
    private volatile EpochObserver observer = (from, epoch) -> { };
    private volatile boolean set;

    synchronized void use(LongSupplier localEpoch, EpochObserver epochObserver) {
        if (set) {
            throw new IllegalStateException("The epoch hooks of a messaging service are set once");
        }
        this.local = Objects.requireNonNull(localEpoch, "localEpoch");
        this.observer = Objects.requireNonNull(epochObserver, "epochObserver");
        this.set = true;
    }

    /** The epoch to stamp on a message sent now. */
    long stamp() {
        long epoch = local.getAsLong();
        if (epoch < 0) {
            throw new IllegalStateException("Negative local epoch " + epoch);
        }
        return epoch;
    }

    /** Tells the observer the epoch {@code message} carries; its failure never stops delivery. */
    void observe(Message message) {
        if (message.epoch() <= 0) {
            return;
        }
        try {
            observer.observed(message.from(), message.epoch());
        } catch (RuntimeException e) {
            LOG.error("Observing epoch {} of a message from {} failed", message.epoch(), message.from(), e);
        }
    }
}
