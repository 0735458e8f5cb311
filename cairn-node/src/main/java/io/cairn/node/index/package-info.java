/**
 * Secondary indexes on one replica: each replica indexes what it stores, in a storage table of its
 * own per index ({@code table.index}), whose partitions are indexed values and whose rows name the
 * table's rows in scan order ({@code IndexKeys}; what an index holds of a row: {@code IndexedValues};
 * the entries a write gives: {@code IndexEntries}).
 * {@link io.cairn.node.index.IndexingStorageEngine} is the node's storage: every write of an indexed
 * table is stored with its entries in one atomic write, and which indexes writes keep changes in
 * schema order under a lock every write holds. {@link io.cairn.node.index.IndexBuilds} builds a new
 * index over what its table held, a page per task, and records it in {@code system.built_indexes}.
 * {@link io.cairn.node.index.IndexScanner} answers a replica's page of an index read (INDEX_READ),
 * checking each entry against its row and deleting the entries stored data proves stale; an index
 * not built yet is answered by reading the table. {@link io.cairn.node.index.IndexMatcher} decides
 * whether a row holds an index expression, for the replica and for a coordinator's reconciled rows.
 * Vector indexes keep no entries: {@link io.cairn.node.index.VectorIndexes} keeps, per index, a
 * graph of the vectors the replica stores ({@link io.cairn.node.index.VectorIndex}, in memory, filled
 * from the table when the index is new and when the node starts), and
 * {@link io.cairn.node.index.VectorSearch} answers a replica's part of a nearest-neighbour search
 * through it, or by comparing every row while it is not ready.
 *
 * <p>A peer of {@code system}, below the replica handlers and the coordinator, which use it: it may
 * use schema and messages.
 */
package io.cairn.node.index;
