/**
 * The CQL type system: {@link io.cairn.cql.type.CqlType} with its native, collection, tuple and
 * user-defined types, each value's native-protocol serialization and validation
 * ({@link io.cairn.cql.type.NativeCodec}), literals as CQL writes them (dates, times, timestamps,
 * durations), JSON, and the mapping of key types onto cairn-common's order-preserving encodings.
 *
 * <p>Depends on {@code ast} (types as written), {@code error} and {@code io.cairn.common.encoding};
 * must not depend on the parser or on anything outside cairn-cql and cairn-common.
 */
package io.cairn.cql.type;
