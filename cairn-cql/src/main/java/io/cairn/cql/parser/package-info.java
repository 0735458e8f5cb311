/**
 * The CQL parser: {@link io.cairn.cql.parser.StatementParser} turns text into
 * {@link io.cairn.cql.parser.ParsedStatement}s of {@link io.cairn.cql.ast} trees.
 *
 * <p>The grammar ({@code src/main/antlr4}) generates {@code CqlLexer} and {@code CqlParser}
 * here; builders ({@code StatementBuilder} and the builders it delegates to, one per part of
 * the language) walk ANTLR's parse tree into the syntax tree. Syntax errors of every origin
 * (lexer, parser, builders, limits) are {@link io.cairn.cql.error.CqlException}s with
 * {@link io.cairn.cql.error.ErrorCode#SYNTAX_ERROR}, worded after Cassandra's.
 *
 * <p>Depends on {@code ast} and {@code error} only; must not depend on the type system (a
 * literal's type is decided by analysis, in cairn-node) or outside cairn-cql.
 */
package io.cairn.cql.parser;
