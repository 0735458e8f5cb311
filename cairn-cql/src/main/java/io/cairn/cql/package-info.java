/**
 * The CQL language, independent of how a node executes it: the consistency levels
 * ({@link io.cairn.cql.ConsistencyLevel}) here, the syntax tree ({@code ast}), the parser
 * ({@code parser}), the type system and value codecs ({@code type}) and the errors the protocol
 * reports ({@code error}).
 *
 * <p>cairn-cql depends on cairn-common only: never on storage, the cluster, the node or the
 * protocol, which all build on it.
 */
package io.cairn.cql;
