/**
 * The adapter between the CQL transport and the node's query layer:
 * {@link io.cairn.server.query.NodeQueryHandler} implements the transport's {@code QueryHandler},
 * turning QUERY, PREPARE, EXECUTE and BATCH requests into {@code QueryProcessor} calls on the
 * request executor and their results into RESULT messages.
 * A request with the tracing flag runs in a tracing session of the node's {@code Tracing}, written
 * before its answer goes back with the session's id; {@link io.cairn.server.query.SlowQueryLog}
 * logs statements slower than {@code slow_query_log_timeout}.
 *
 * <p>May use {@code transport}, cairn-protocol and cairn-node's query layer; must not depend on the
 * node's wiring ({@code io.cairn.server}).
 */
package io.cairn.server.query;
