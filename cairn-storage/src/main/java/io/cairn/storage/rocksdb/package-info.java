/**
 * The production store: {@link io.cairn.storage.rocksdb.RocksDbKvStore} (a column family per
 * table, RocksDB's {@code max} merge operator, its write-ahead log as the commit log),
 * {@link io.cairn.storage.rocksdb.RocksDbStorage} to open an engine over it, its settings, and
 * the format version of a data directory.
 *
 * <p>The only package that uses RocksDB. Depends on {@code io.cairn.storage}, {@code kv} and
 * {@code engine}; nothing else in cairn-storage may depend on it.
 */
package io.cairn.storage.rocksdb;
