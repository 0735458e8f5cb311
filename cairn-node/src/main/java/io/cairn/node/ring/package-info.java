/**
 * The token ring and who replicates what: {@link io.cairn.node.ring.TokenRing} (an immutable
 * snapshot of tokens, nodes and their places; SimpleStrategy and NetworkTopologyStrategy),
 * {@link io.cairn.node.ring.TokenAllocator} (a new node's tokens, balancing ownership),
 * and {@link io.cairn.node.ring.Topology} (what the coordinator asks: replicas, pending replicas,
 * liveness, data centers, the epoch its plan comes from), which the cluster metadata log's
 * {@code metadata.MetadataTopology} implements.
 *
 * <p>May use system, schema, messages and cairn-cluster's gossip; must not depend on replica, the
 * peers (batchlog, hints, bootstrap), the coordinator, the query layer or the assembly.
 */
package io.cairn.node.ring;
