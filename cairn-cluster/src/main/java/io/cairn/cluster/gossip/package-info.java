/**
 * Membership: the {@link io.cairn.cluster.gossip.Gossiper} exchanges each node's versioned
 * application states (status, tokens, data center, rack, host id, schema version, native
 * address) with random peers every second, and the
 * {@link io.cairn.cluster.gossip.PhiAccrualFailureDetector} judges from heartbeats who is up.
 * {@link io.cairn.cluster.gossip.GossipListener}s hear joins, changes, and nodes going up and
 * down, on the thread that learned of them (a messaging thread, or the scheduler's gossip round).
 * A gossiper ignores gossip until it is started, so that the listeners its node registers while
 * it is built hear of every peer.
 * Gossip's messages are records in the sealed {@code GossipMessage} family (SYN, ACK, ACK2), each
 * starting with a version byte and decoded through cairn-common's {@code wire}.
 *
 * <p>States are strings here; what tokens or a status mean is cairn-node's ({@code ring}). Depends
 * on {@code messaging} and cairn-common; must not depend on cairn-node.
 */
package io.cairn.cluster.gossip;
