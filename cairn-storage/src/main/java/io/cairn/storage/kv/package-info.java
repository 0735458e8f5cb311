/**
 * The ordered key-value store the engine runs on ({@link io.cairn.storage.kv.KvStore}): column
 * families, atomic batches of max-merges, cursors over a consistent view, conditional deletes.
 * The engine's semantics live above it, so every store behaves the same by construction.
 *
 * <p>Must not depend on anything else in Cairn.
 */
package io.cairn.storage.kv;
