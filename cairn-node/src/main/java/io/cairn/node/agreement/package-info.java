/**
 * How the nodes agree on the cluster metadata log and spread it ({@code Node} runs it through
 * {@link io.cairn.node.agreement.MetadataService}; the log holds the schema, every DDL statement
 * one entry, and the ring, every step of a join one entry, each taken once the cluster has
 * caught up with the step before: {@link io.cairn.node.agreement.ProgressBarrier}).
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
