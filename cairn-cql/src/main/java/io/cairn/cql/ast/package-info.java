/**
 * The syntax tree of CQL statements: immutable records, closed sets as sealed interfaces.
 *
 * <p>A tree says what was written, not what it means. Names are canonical (unquoted
 * identifiers folded to lower case, quoted ones as written) but not resolved: a
 * {@link io.cairn.cql.ast.QualifiedName} without keyspace takes the session's. Terms
 * ({@link io.cairn.cql.ast.Term}) are untyped; constants keep their lexical kind and text so
 * the analyzer can read them as whatever type the receiver has. Types as written
 * ({@link io.cairn.cql.ast.CqlTypeSyntax}) are kept apart from the type system proper.
 *
 * <p>Bind markers carry their index among the statement's markers, numbered in order of
 * appearance as Cassandra numbers them; {@link io.cairn.cql.parser.ParsedStatement} lists
 * them for PREPARE.
 *
 * <p>Lists in the tree are unmodifiable; a {@code null} field means "not written" and is
 * documented on the record that has it.
 *
 * <p>Must not depend on any other package: the parser builds these trees, and the type system,
 * the query layer and the tools read them.
 */
package io.cairn.cql.ast;
