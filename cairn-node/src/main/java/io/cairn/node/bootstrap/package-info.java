/**
 * A joining node receives its data: {@link io.cairn.node.bootstrap.Bootstrap} copies, page by
 * page (STREAM requests), the raw partitions (tombstones included) of every range the node
 * receives in its join's STARTED snapshot of the cluster metadata, from the live replica that
 * gives the range up (or any live current replica when none does), preferring its own data
 * center, while the other nodes already send it new writes for those ranges. The copy is a chain
 * of stages; the assembly's join sequence runs it.
 *
 * <p>A peer of {@code batchlog} and {@code hints}: it must not depend on them, nor on the
 * coordinator, the query layer or the assembly. It may use replica, metadata, ring, system, schema
 * and messages.
 */
package io.cairn.node.bootstrap;
