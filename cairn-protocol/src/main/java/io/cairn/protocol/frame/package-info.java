/**
 * Framing: envelopes (header and body, {@link io.cairn.protocol.frame.EnvelopeCodec}), protocol
 * v5's checksummed segments ({@link io.cairn.protocol.frame.SegmentCodec}), LZ4 and Snappy
 * compression and the CRCs.
 *
 * <p>Depends on {@code io.cairn.protocol} only; must not depend on {@code message} (a frame does
 * not know what it carries).
 */
package io.cairn.protocol.frame;
