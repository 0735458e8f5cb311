/**
 * The storage engine proper, {@link io.cairn.storage.engine.KvStorageEngine}: CQL's data model on
 * any ordered key-value store whose writes keep the byte-wise maximum. It owns the key layout
 * ({@link io.cairn.storage.engine.KeyLayout}), the value layout
 * ({@link io.cairn.storage.engine.StoredValue}, chosen so that the maximum is the value
 * reconciliation keeps), encoding updates, walking and reconciling partitions on read, paging,
 * size estimates and the purge of shadowed data and old tombstones.
 *
 * <p>Depends on {@code io.cairn.storage}, {@code kv} and cairn-common's time; must not depend on a
 * particular store ({@code memory}, {@code rocksdb}), which are chosen by whoever builds the engine.
 */
package io.cairn.storage.engine;
