/**
 * The one byte writer and reader every internode message is built on: {@link
 * io.cairn.common.wire.ByteWriter} grows as it is written; {@link io.cairn.common.wire.ByteReader}
 * checks every read against what remains and every length or count against a named maximum
 * before allocating, so truncated or corrupt input from another node fails with a {@link
 * io.cairn.common.wire.MalformedMessageException} that says what was expected, where, and how
 * many bytes were left, never with a huge allocation or an unchecked buffer exception; it also
 * checks the version byte every message starts with ({@code readVersion}).
 *
 * <p>This package owns only primitives (bytes, ints, longs, length-prefixed bytes and strings,
 * UUIDs). Message types and their layouts belong to the modules that send them (gossip in
 * cairn-cluster, storage values in cairn-storage, replica verbs in cairn-node). It must not
 * depend on any other Cairn package, on Netty, or on anything outside the JDK.
 */
package io.cairn.common.wire;
