/**
 * Hinted handoff: {@link io.cairn.node.hints.HintStore} keeps the writes a replica missed on the
 * coordinator ({@code system.hints}, bounded per target), and
 * {@link io.cairn.node.hints.HintReplayer} delivers them as HINT messages to the replicas the
 * failure detector sees up, every replay interval and when gossip sees one come back, page after
 * page paced by a throttle, dropping what a later TRUNCATE removed and what is older than its
 * table's gc grace; {@link io.cairn.node.hints.HintWindow} stops hints for a replica down longer
 * than {@code max_hint_window}.
 *
 * <p>A peer of {@code batchlog} and {@code bootstrap}: it must not depend on them, nor on the
 * coordinator, the query layer or the assembly. It may use replica, ring, system, schema and
 * messages.
 */
package io.cairn.node.hints;
