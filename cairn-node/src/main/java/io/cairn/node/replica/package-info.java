/**
 * The replica side of the internode data verbs: {@link io.cairn.node.replica.ReplicaHandlers}
 * applies MUTATION, HINT and READ_REPAIR to local storage, answers READ (rows, a digest or raw
 * data), RANGE_READ and STREAM pages, INDEX_READ pages through a table's secondary index
 * ({@code index.IndexScanner}; a node whose schema lacks the index answers every row of the
 * range), and empties a table on TRUNCATE. A malformed request or a
 * failing table is logged and not answered (but a TRUNCATE, which answers whether it emptied the
 * table); the coordinator's timeout covers it. {@link io.cairn.node.replica.EpochGate} refuses a
 * MUTATION, READ, RANGE_READ or READ_REPAIR planned at a cluster metadata epoch whose replicas
 * for its token (or whose table) changed since, with {@code STALE_EPOCH}, and every such request
 * with {@code NOT_A_REPLICA} while this node holds no replica at its own epoch (a replacement on a
 * dead node's address before it prepared, a node that left). STREAM pages are the table's data
 * or, asked for, the Paxos registers of its partitions, from an injected source.
 * A READ, RANGE_READ, MUTATION or READ_REPAIR marked as part of a tracing session
 * ({@code messages.TracedPayload}) records its steps and sends them to its coordinator
 * (TRACE_EVENTS, through {@code tracing.Tracing}) just before its answer.
 *
 * <p>The handlers run on the {@link io.cairn.node.replica.ReplicaStage}, off the messaging
 * threads, as do the batchlog's and the cluster metadata log's: a bounded stage (a pool in production, the
 * delivering thread in tests and the simulator) that answers a request it has no room for with
 * {@code ResponseCallback.Failure.OVERLOADED} at once.
 *
 * <p>Below the coordinator and the peers (batchlog, hints, bootstrap), which all send it work: it
 * must not depend on any of them. It may use metadata, ring, system, index, schema and messages.
 */
package io.cairn.node.replica;
