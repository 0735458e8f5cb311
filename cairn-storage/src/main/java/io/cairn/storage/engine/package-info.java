/**
 * The storage engine proper, {@link io.cairn.storage.engine.KvStorageEngine}: CQL's data model on
 * any ordered key-value store whose writes keep the byte-wise maximum. It owns the key layout
 * ({@link io.cairn.storage.engine.KeyLayout}), the value layout
 * ({@link io.cairn.storage.engine.StoredValue}, chosen so that the maximum is the value
 * reconciliation keeps), encoding updates, walking and reconciling partitions on read, paging,
 * size estimates and the purge of shadowed data and old tombstones.
 * {@link io.cairn.storage.engine.UnrepairedIndex} lists the partitions of tracked tables written
 * since their last repair (written in the data's atomic batch), which incremental repair compares.
 * {@link io.cairn.storage.engine.MergedPartitions} applies the same reconciliation to raw
 * partitions held in memory (the coordinator's read repair merges replicas' answers with it),
 * over an engine on an {@code InMemoryKvStore}.
 *
 * <p>Depends on {@code io.cairn.storage}, {@code kv} and cairn-common's time, and on {@code memory}
 * only for {@code MergedPartitions}; must not depend on {@code rocksdb}. The engine itself runs
 * on whatever store whoever builds it chooses.
 */
package io.cairn.storage.engine;
