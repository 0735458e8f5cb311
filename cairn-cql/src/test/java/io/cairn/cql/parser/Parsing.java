package io.cairn.cql.parser;

import io.cairn.cql.ast.Relation;
import io.cairn.cql.ast.SelectStatement;
import io.cairn.cql.ast.Selector;
import io.cairn.cql.ast.Statement;
import io.cairn.cql.ast.Term;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Shorthands for the parser tests. */
final class Parsing {

    static final StatementParser PARSER = new StatementParser();

    private Parsing() {
    }

    static ParsedStatement parsed(String cql) {
        return PARSER.parse(cql);
    }

    static <T extends Statement> T parse(String cql, Class<T> kind) {
        Statement statement = PARSER.parse(cql).statement();
        assertThat(statement).isInstanceOf(kind);
        return kind.cast(statement);
    }

    /** The term {@code text} as the value of {@code WHERE a = text}. */
    static Term term(String text) {
        SelectStatement select = parse("SELECT * FROM t WHERE a = " + text, SelectStatement.class);
        return ((Relation.Comparison) select.where().get(0)).value();
    }

    /** The only selector of {@code SELECT text FROM t}. */
    static Selector selector(String text) {
        SelectStatement select = parse("SELECT " + text + " FROM t", SelectStatement.class);
        assertThat(select.selectors()).hasSize(1);
        return select.selectors().get(0).selector();
    }

    /** The SYNTAX_ERROR that parsing {@code cql} raises. */
    static CqlException syntaxError(String cql) {
        return syntaxError(PARSER, cql);
    }

    static CqlException syntaxError(StatementParser parser, String cql) {
        CqlException error = catchThrowableOfType(CqlException.class, () -> parser.parse(cql));
        assertThat(error).as("syntax error for %s", cql).isNotNull();
        assertThat(error.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
        return error;
    }

    static Term.Literal integer(long value) {
        return Term.Literal.integer(Long.toString(value));
    }

    static Term.Literal string(String value) {
        return Term.Literal.string(value);
    }
}
