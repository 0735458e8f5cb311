/**
 * Hinted handoff: {@link io.cairn.node.hints.HintStore} keeps the writes a replica missed on the
 * coordinator ({@code system.hints}, bounded per target), and
 * {@link io.cairn.node.hints.HintReplayer} delivers them as HINT messages to the replicas the
 * failure detector sees up, every replay interval (on the scheduler) and when gossip sees one
 * come back, skipping what a later TRUNCATE removed.
 *
 * <p>A peer of {@code batchlog} and {@code bootstrap}: it must not depend on them, nor on the
 * coordinator, the query layer or the assembly. It may use replica, ring, system, schema and
 * messages.
 */
package io.cairn.node.hints;
