/**
 * Membership: the {@link io.cairn.cluster.gossip.Gossiper} exchanges each node's versioned
 * application states (status, tokens, data center, rack, host id, schema version, native
 * address) with random peers every second, and the
 * {@link io.cairn.cluster.gossip.PhiAccrualFailureDetector} judges from heartbeats who is up.
 * {@link io.cairn.cluster.gossip.GossipListener}s hear joins, changes, and nodes going up and down.
 *
 * <p>States are strings here; what tokens or a status mean is cairn-node's ({@code ring}). Depends
 * on {@code messaging} and cairn-common; must not depend on cairn-node.
 */
package io.cairn.cluster.gossip;
