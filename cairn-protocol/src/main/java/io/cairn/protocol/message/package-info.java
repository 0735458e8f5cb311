/**
 * The protocol's messages: {@link io.cairn.protocol.message.Request} and
 * {@link io.cairn.protocol.message.Response} families as records, decoded by
 * {@link io.cairn.protocol.message.RequestDecoder} and encoded by
 * {@link io.cairn.protocol.message.ResponseEncoder}, with result metadata and type options.
 *
 * <p>Depends on {@code io.cairn.protocol} and cairn-cql; must not depend on {@code frame}, on
 * connections or on how statements execute.
 */
package io.cairn.protocol.message;
