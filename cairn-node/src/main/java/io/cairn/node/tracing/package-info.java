/**
 * Query tracing: {@code Trace} (what a traced request's steps are recorded in; {@code Trace.NONE}
 * for the others), {@code TraceState} (one node's events of a request), {@code TraceSession} (the
 * request on its coordinator) and {@code Tracing} (opens and writes sessions into
 * {@code system_traces}, hands replicas their part and takes their events back). Used by the
 * query layer, the coordinator and the replica handlers, which record the steps; it uses only
 * the schema and the message records below it, and writes through a writer the assembly gives.
 */
package io.cairn.node.tracing;
