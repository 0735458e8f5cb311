/**
 * The CQL native transport on Netty: {@link io.cairn.server.transport.CqlServer} accepts
 * connections; each {@link io.cairn.server.transport.Connection} does the handshake (OPTIONS,
 * STARTUP, compression, the switch to v5 segments), REGISTER and events, and dispatches statements
 * to a {@link io.cairn.server.transport.QueryHandler} with many in flight, bounded per connection
 * (by pausing reads) and per node (OVERLOADED).
 *
 * <p>Depends on cairn-protocol and cairn-cql's errors only; must not depend on cairn-node or the
 * rest of cairn-server: statements reach the node through {@code QueryHandler}.
 */
package io.cairn.server.transport;
