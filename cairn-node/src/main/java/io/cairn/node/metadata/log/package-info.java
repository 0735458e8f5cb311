/**
 * The local cluster metadata log: the entries this node has learnt, applied one epoch after the
 * other to the {@link io.cairn.node.metadata.ClusterMetadata} snapshots, made durable through a
 * {@link io.cairn.node.metadata.log.LogStore} before they are seen, and announced to
 * {@link io.cairn.node.metadata.log.MetadataListener}s. How entries are decided and fetched is
 * not this package's concern: it takes them in any order, from anyone, any number of times.
 */
package io.cairn.node.metadata.log;
