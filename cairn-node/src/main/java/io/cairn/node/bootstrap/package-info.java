/**
 * A node receives the data of the ranges a range movement gives it:
 * {@link io.cairn.node.bootstrap.Bootstrap} copies, page by page (STREAM requests), the raw
 * partitions (tombstones included) of every range the node receives in the movement's STARTED
 * snapshot of the cluster metadata, from the live replica that gives the range up (or any live
 * current replica when none does), preferring its own data center, while the other nodes already
 * send it new writes for those ranges. When the giving replica is down, or is the dead node of a
 * removenode or a replace, it copies from every replica that stays, merged, each of which must be
 * up: whole from one, and from each other only where its hash tree differs (a
 * {@code Bootstrap.Differences} the assembly supplies). A joining node runs it for itself (the
 * assembly's join sequence); for a decommission, a removenode or a move, each gaining node runs it
 * on RANGE_FETCH, and {@code Bootstrap.receivers} names
 * those nodes. The copy is a chain of stages.
 *
 * <p>A peer of {@code batchlog} and {@code hints}: it must not depend on them, nor on the
 * coordinator, the query layer or the assembly. It may use replica, metadata, ring, system, schema
 * and messages.
 */
package io.cairn.node.bootstrap;
