/**
 * A joining node receives its data: {@link io.cairn.node.bootstrap.Bootstrap} copies, page by page,
 * the raw partitions (tombstones included) of every range the node will replicate from a current
 * replica, preferring one in its own data center, while the other nodes already send it new
 * writes for those ranges.
 *
 * <p>A peer of {@code batchlog} and {@code hints}: it must not depend on them, nor on the
 * coordinator, the query layer or the assembly. It may use replica, ring, system, schema and
 * messages.
 */
package io.cairn.node.bootstrap;
