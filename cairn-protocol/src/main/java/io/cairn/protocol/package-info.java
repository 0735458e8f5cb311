/**
 * The CQL native protocol (v4 and v5), as bytes: {@link io.cairn.protocol.Opcode},
 * {@link io.cairn.protocol.ProtocolVersion}, the protocol's primitive types
 * ({@link io.cairn.protocol.Primitives}) and {@link io.cairn.protocol.ProtocolException}.
 * {@code frame} holds envelopes, v5 segments and compression; {@code message} the requests and
 * responses.
 *
 * <p>cairn-protocol depends on cairn-common and cairn-cql (error kinds, types, consistency) and on
 * Netty's buffers only; never on the node, the server or the cluster. This package depends on
 * {@code io.cairn.cql.error} only.
 */
package io.cairn.protocol;
