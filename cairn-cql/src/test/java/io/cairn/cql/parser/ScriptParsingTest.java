package io.cairn.cql.parser;

import io.cairn.cql.ast.BatchStatement;
import io.cairn.cql.ast.CreateKeyspaceStatement;
import io.cairn.cql.ast.CreateTableStatement;
import io.cairn.cql.ast.InsertStatement;
import io.cairn.cql.ast.SelectStatement;
import io.cairn.cql.ast.UnsupportedStatement;
import io.cairn.cql.ast.UseStatement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cairn.cql.parser.Parsing.PARSER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ScriptParsingTest {

    @Test
    void aScriptIsStatementsSeparatedBySemicolons() {
        List<ParsedStatement> statements = PARSER.parseScript("""
                -- schema for the shop
                CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
                USE shop;
                CREATE TABLE orders (id uuid PRIMARY KEY, note text);  /* a comment; with a semicolon */
                INSERT INTO orders (id, note) VALUES (uuid(), 'a; b');
                SELECT * FROM orders
                """);
        assertThat(statements).extracting(ParsedStatement::statement).hasExactlyElementsOfTypes(
                CreateKeyspaceStatement.class, UseStatement.class, CreateTableStatement.class,
                InsertStatement.class, SelectStatement.class);
        assertThat(statements.get(1).query()).isEqualTo("USE shop");
        assertThat(statements.get(3).query()).isEqualTo("INSERT INTO orders (id, note) VALUES (uuid(), 'a; b')");
    }

    @Test
    void aBatchInAScriptKeepsItsInnerSemicolons() {
        List<ParsedStatement> statements = PARSER.parseScript("""
                BEGIN BATCH
                  INSERT INTO t (k) VALUES (1);
                  INSERT INTO t (k) VALUES (2);
                APPLY BATCH;
                SELECT * FROM t;
                """);
        assertThat(statements).hasSize(2);
        assertThat(((BatchStatement) statements.get(0).statement()).statements()).hasSize(2);
    }

    @Test
    void functionBodiesMayHoldSemicolons() {
        List<ParsedStatement> statements = PARSER.parseScript(
                "CREATE FUNCTION f(a int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java "
                        + "AS $$ int b = a; return b; $$; SELECT * FROM t;");
        assertThat(statements).extracting(ParsedStatement::statement)
                .hasExactlyElementsOfTypes(UnsupportedStatement.class, SelectStatement.class);
    }

    @Test
    void bindMarkersAreNumberedPerStatement() {
        List<ParsedStatement> statements = PARSER.parseScript("SELECT * FROM t WHERE k = ?; SELECT * FROM t WHERE k = ?");
        assertThat(statements).extracting(ParsedStatement::bindMarkerCount).containsExactly(1, 1);
        assertThat(statements.get(1).bindMarkers().get(0).index()).isZero();
    }

    @Test
    void emptyStatementsAndCommentsAreSkipped() {
        assertThat(PARSER.parseScript("")).isEmpty();
        assertThat(PARSER.parseScript(" ;; -- nothing\n/* here */ ;")).isEmpty();
        assertThat(PARSER.parseScript(";;SELECT * FROM t;;")).hasSize(1);
    }

    @Test
    void errorsArePlacedInTheScript() {
        io.cairn.cql.error.CqlException error = catchThrowableOfType(io.cairn.cql.error.CqlException.class,
                () -> PARSER.parseScript("USE shop;\nSELECT * FROM t;\n  SELECT * FORM t;\n"));
        assertThat(error.getMessage()).isEqualTo("line 3:11 mismatched input 'FORM' expecting K_FROM (SELECT * [FORM]...)");
        io.cairn.cql.error.CqlException lexical = catchThrowableOfType(io.cairn.cql.error.CqlException.class,
                () -> PARSER.parseScript("USE shop;\nSELECT # FROM t;"));
        assertThat(lexical.getMessage()).isEqualTo("line 2:7 no viable alternative at character '#'");
    }

    @Test
    void eachStatementOfAScriptHasTheStatementLengthLimit() {
        StatementParser parser = new StatementParser(ParserLimits.DEFAULT.withMaxStatementChars(20));
        assertThat(parser.parseScript("SELECT * FROM t1;\nSELECT * FROM t2;\nSELECT * FROM t3;")).hasSize(3);
        assertThat(catchThrowableOfType(io.cairn.cql.error.CqlException.class,
                () -> parser.parseScript("SELECT * FROM t1; SELECT * FROM t WHERE k = 1")).getMessage())
                .isEqualTo("Statement too long: 27 characters, more than the 20 allowed");
    }
}
