/**
 * {@link io.cairn.storage.memory.InMemoryKvStore}: a {@link io.cairn.storage.kv.KvStore} in memory,
 * for the simulator and tests. It can copy itself, which is how the simulator keeps what a node's
 * commit log had synced when it crashes.
 *
 * <p>Depends on {@code io.cairn.storage} and {@code kv}; must not depend on {@code engine} or
 * {@code rocksdb}.
 */
package io.cairn.storage.memory;
