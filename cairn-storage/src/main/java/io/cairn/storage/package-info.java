/**
 * The storage engine's API and data model: {@link io.cairn.storage.StorageEngine} (apply,
 * read, scan, export, truncate, purge) over immutable records ({@link io.cairn.storage.PartitionKey},
 * {@link io.cairn.storage.Clustering}, {@link io.cairn.storage.Row}, {@link io.cairn.storage.Cell},
 * {@link io.cairn.storage.PartitionUpdate}, {@link io.cairn.storage.ReadFilter},
 * {@link io.cairn.storage.PartitionData}, {@link io.cairn.storage.ScanPage}), with Cassandra's
 * reconciliation rules: the higher timestamp wins; on a tie a tombstone, then the greater value.
 *
 * <p>This is what the rest of Cairn sees of storage. It must not depend on its implementations
 * ({@code engine}, {@code kv}, {@code memory}, {@code rocksdb}) or on {@code wire}, nor on any
 * module but cairn-common.
 */
package io.cairn.storage;
