/**
 * The node's own system tables: {@link io.cairn.node.system.LocalTables} keeps {@code system.local}
 * true (identity, tokens, schema version, bootstrap state),
 * {@link io.cairn.node.system.PeersTables} keeps {@code system.peers} and {@code peers_v2} true from
 * gossip, and {@link io.cairn.node.system.TruncationRecords} remembers when each table was
 * truncated here.
 *
 * <p>May use schema and messages; must not depend on ring or anything above it.
 */
package io.cairn.node.system;
