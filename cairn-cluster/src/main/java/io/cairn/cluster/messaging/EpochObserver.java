package io.cairn.cluster.messaging;

/**
 * Hears the cluster metadata epoch that each received message carries, before the message is
 * handled: a node that learns it is behind starts catching up. Messaging treats epochs as
 * opaque numbers; their meaning belongs to the node.
 */
@FunctionalInterface
public interface EpochObserver {

    /** {@code from} sent a message at {@code epoch} (never 0: unknown epochs are not reported). */
    void observed(NodeAddress from, long epoch);
}
