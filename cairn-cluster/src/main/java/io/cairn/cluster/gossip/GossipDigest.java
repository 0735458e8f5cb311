package io.cairn.cluster.gossip;

import io.cairn.cluster.messaging.NodeAddress;

/**
 * What a node knows of another, in brief: its address, generation and highest version. A
 * digest of generation 0 asks for everything the receiver knows of that node.
 */
record GossipDigest(NodeAddress node, int generation, int maxVersion) {
}
