/**
 * The wire forms of storage values for internode messages
 * ({@link io.cairn.storage.wire.StorageSerializers}): partition updates with every tombstone, read
 * filters, partition data, scan and export pages. Decoding checks every count and length and
 * refuses malformed input with an exception rather than a wrong value.
 *
 * <p>Depends on {@code io.cairn.storage} (and cairn-common's byte primitives); must not depend on
 * the engine or a store. Which message carries these values is for the sender to say: no
 * internode verb is known here.
 */
package io.cairn.storage.wire;
