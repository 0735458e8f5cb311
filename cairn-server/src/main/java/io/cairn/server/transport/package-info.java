/**
 * The CQL native transport on Netty: {@link io.cairn.server.transport.CqlServer} accepts
 * connections, behind {@link io.cairn.server.transport.ClientTls} when the port speaks TLS; each
 * {@link io.cairn.server.transport.Connection} does the handshake (OPTIONS, STARTUP, compression,
 * the switch to v5 segments, the SASL login), REGISTER and events, and dispatches statements to a
 * {@link io.cairn.server.transport.QueryHandler} with many in flight, bounded in number and in
 * request bytes per connection (by pausing reads) and per node (OVERLOADED).
 *
 * <p>Depends on cairn-protocol, cairn-cql's errors and cairn-common only; must not depend on
 * cairn-node or the rest of cairn-server: statements reach the node through {@code QueryHandler}.
 */
package io.cairn.server.transport;
