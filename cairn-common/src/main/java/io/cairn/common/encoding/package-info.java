/**
 * Order-preserving, prefix-free byte encodings of CQL key values: for two values of one
 * {@link io.cairn.common.encoding.KeyType}, comparing their encodings byte by byte orders them
 * as Cassandra's comparators do, so a token range or a clustering slice is one contiguous range
 * of storage keys. {@link io.cairn.common.encoding.OrderedEncoder} and
 * {@link io.cairn.common.encoding.OrderedDecoder} are the one definition of that order;
 * {@link io.cairn.common.encoding.KeyCodec} is its Java-value face, and
 * {@link io.cairn.common.encoding.ByteSink} the reusable buffer keys are written into.
 *
 * <p>Types appear here only as far as their key order needs ({@code KeyType}); the CQL type
 * system itself is cairn-cql's. This package must not depend on any other Cairn package.
 */
package io.cairn.common.encoding;
