/**
 * JMH benchmarks of the storage engine's single-threaded writes and point reads against raw
 * RocksDB merges and gets of the same sizes.
 *
 * <p>Uses cairn-storage only; must not depend on the other benchmark packages.
 */
package io.cairn.benchmarks.storage;
