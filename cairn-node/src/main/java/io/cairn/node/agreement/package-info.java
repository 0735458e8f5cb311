/**
 * How the nodes agree on the cluster metadata log and spread it (being built: {@code Node}
 * runs it through {@link io.cairn.node.agreement.MetadataService}; the log holds the schema,
 * every DDL statement one entry, while gossip still places data).
 * {@link io.cairn.node.agreement.MetadataCommitter} decides each epoch's
 * entry with the lightweight transactions' Paxos, one partition per log slot of the storage
 * table {@code system.metadata_slots}, among the metadata replicas that the snapshot before
 * the slot names ({@link io.cairn.node.agreement.MetadataReplicaTopology}): every proposer
 * of a slot has applied the same prefix, so all agree on who votes, and the set changes
 * through the log itself without a joint configuration;
 * {@link io.cairn.node.agreement.MetadataReplicaSteward} grows that set to three.
 *
 * <p>Above {@code paxos} and {@code metadata}; nothing below uses it.
 */
package io.cairn.node.agreement;
