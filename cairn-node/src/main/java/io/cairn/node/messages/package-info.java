/**
 * The messages of requests between nodes about data: one record per verb
 * ({@link io.cairn.node.messages.MutationMessage}, {@link io.cairn.node.messages.ReadMessage},
 * {@link io.cairn.node.messages.HintMessage}, {@link io.cairn.node.messages.BatchStoreMessage},
 * {@link io.cairn.node.messages.PaxosPrepareMessage}, ...), all in the sealed family
 * {@link io.cairn.node.messages.ReplicaMessage}, each with its serializer beside it. Every
 * message starts with a version byte; decoding refuses another version and any truncated or
 * corrupt input with {@link io.cairn.common.wire.MalformedMessageException}, which the receiving
 * handler logs before it drops the message.
 * A data request of a traced client request carries its tracing session ahead of its message
 * ({@link io.cairn.node.messages.TracedPayload}, a marker byte no message starts with), and
 * {@link io.cairn.node.messages.TraceEventsMessage} carries a replica's trace events back.
 *
 * <p>This package owns the layouts of these requests, built on
 * {@link io.cairn.common.wire.ByteWriter} and {@link io.cairn.common.wire.ByteReader} and the
 * storage values' serializers ({@link io.cairn.storage.wire.StorageSerializers}); it names
 * cairn-cluster's {@code Verb}s. It is the bottom of cairn-node and must not depend on any other
 * package of it: they depend on it. Answers are storage values (partition data, pages, digests)
 * or a byte of outcome, and are not here.
 */
package io.cairn.node.messages;
