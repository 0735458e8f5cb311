package io.cairn.cql.parser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.cairn.cql.parser.Parsing.syntaxError;
import static org.assertj.core.api.Assertions.assertThat;

/** Syntax errors read as Cassandra's: a line:column, what was found, and the text around it. */
class SyntaxErrorTest {

    @Test
    void aMisspelledKeywordIsReportedWhereItStands() {
        assertThat(syntaxError("SELECT * FORM t").getMessage())
                .isEqualTo("line 1:9 mismatched input 'FORM' expecting K_FROM (SELECT * [FORM]...)");
    }

    @Test
    void aMisspelledStatementKeywordHasNoViableAlternative() {
        assertThat(syntaxError("SELEC * FROM t").getMessage())
                .isEqualTo("line 1:0 no viable alternative at input 'SELEC' ([SELEC]...)");
    }

    @Test
    void aMissingFromIsReportedAtTheTokenThatFollows() {
        assertThat(syntaxError("SELECT a, b WHERE k = 1").getMessage())
                .startsWith("line 1:12 mismatched input 'WHERE' expecting K_FROM (SELECT a, b [WHERE]...)");
    }

    @Test
    void textAfterACompleteStatementIsExtraneous() {
        assertThat(syntaxError("SELECT * FROM t x").getMessage())
                .isEqualTo("line 1:16 mismatched input 'x' expecting EOF (SELECT * FROM t [x])");
    }

    @Test
    void anUnfinishedStatementFailsAtTheEnd() {
        assertThat(syntaxError("SELECT * FROM").getMessage())
                .isEqualTo("line 0:-1 no viable alternative at input '<EOF>'");
        assertThat(syntaxError("").getMessage()).isEqualTo("line 0:-1 no viable alternative at input '<EOF>'");
        assertThat(syntaxError("  -- only a comment").getMessage())
                .isEqualTo("line 0:-1 no viable alternative at input '<EOF>'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO t (a, b VALUES (1, 2)",
            "INSERT INTO t (a, b) VALUES (1, 2",
            "INSERT INTO t (a, b) VALUES (1, 2))",
            "SELECT * FROM t WHERE a IN (1, 2",
            "SELECT * FROM t WHERE a = f(1",
            "SELECT * FROM t WHERE a = [1, 2",
            "SELECT * FROM t WHERE a = {1: 2",
            "CREATE TABLE t (k int PRIMARY KEY",
            "CREATE TABLE t (k frozen<list<int> PRIMARY KEY)",
            "SELECT * FROM t WHERE (a, b) = (1, 2",
            "SELECT * FROM t WHERE ((a = 1)",
    })
    void unbalancedBracketsAreSyntaxErrors(String cql) {
        // A statement that ends too early fails at the end of the input, which Cassandra places at 0:-1.
        assertThat(syntaxError(cql).getMessage()).matches("line (1:\\d+|0:-1) .*");
    }

    @Test
    void anUnterminatedStringIsReportedWhereItOpens() {
        assertThat(syntaxError("SELECT * FROM t WHERE a = 'abc").getMessage())
                .isEqualTo("line 1:26 mismatched character '<EOF>' expecting '''");
        assertThat(syntaxError("SELECT * FROM t WHERE a = $$abc").getMessage())
                .isEqualTo("line 1:26 mismatched character '<EOF>' expecting '$$'");
        assertThat(syntaxError("SELECT \"abc FROM t").getMessage())
                .isEqualTo("line 1:7 mismatched character '<EOF>' expecting '\"'");
        assertThat(syntaxError("SELECT * FROM t /* no end").getMessage())
                .isEqualTo("line 1:16 mismatched character '<EOF>' expecting '*/'");
    }

    @Test
    void aCharacterNoTokenAllowsIsReported() {
        assertThat(syntaxError("SELECT # FROM t").getMessage())
                .isEqualTo("line 1:7 no viable alternative at character '#'");
        assertThat(syntaxError("SELECT * FROM t WHERE a = 1 & b = 2").getMessage())
                .isEqualTo("line 1:28 no viable alternative at character '&'");
        assertThat(syntaxError("SELECT * FROM t WHERE a = 'x'\u0000").getMessage())
                .isEqualTo("line 1:29 no viable alternative at character '\\u0000'");
        assertThat(syntaxError("SELECT \u00e9t\u00e9 FROM t").getMessage())
                .isEqualTo("line 1:7 no viable alternative at character '\u00e9'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM t WHERE a = 0xZZ",
            "SELECT * FROM t WHERE a = 1.2.3",
            "SELECT * FROM t WHERE a = 123e4567-e89b-12d3-a456-42661417400z",
            "SELECT * FROM t WHERE a = 1e",
            "SELECT * FROM t WHERE a = 'a' 'b'",
            "SELECT * FROM t WHERE a = 10abc",
            "SELECT * FROM t WHERE a = tru",
            "SELECT * FROM t WHERE a = $a$",
            "SELECT * FROM t LIMIT 1.5",
            "SELECT * FROM t LIMIT 'ten'",
            "INSERT INTO t (a) VALUES (1) USING TTL 1h",
    })
    void badLiteralsAreSyntaxErrors(String cql) {
        // A statement that ends too early fails at the end of the input, which Cassandra places at 0:-1.
        assertThat(syntaxError(cql).getMessage()).matches("line (1:\\d+|0:-1) .*");
    }

    @Test
    void positionsCountLinesFromOneAndColumnsFromZero() {
        assertThat(syntaxError("SELECT *\nFROM t\nWHERE k = = 1").getMessage())
                .isEqualTo("line 3:10 no viable alternative at input '=' (...FROM tWHERE k = [=]...)");
    }

    @Test
    void theSnippetShowsTheTextAroundTheErrorOnly() {
        String message = syntaxError("SELECT a, b, c, d, e, f, g, h FROM t WHERE k = 1 AND AND x = 1 AND y = 2 AND z = 3")
                .getMessage();
        assertThat(message).isEqualTo("line 1:53 no viable alternative at input 'AND' (...WHERE k = 1 AND [AND]...)");
    }

    @Test
    void longTokensAreAbbreviatedInMessages() {
        String longString = "'" + "x".repeat(10_000) + "'";
        String message = syntaxError("SELECT * FROM t WHERE a = " + longString + " " + longString).getMessage();
        assertThat(message).hasSizeLessThan(300).contains("[" + "'" + "x".repeat(36) + "...]");
    }

    @Test
    void reservedKeywordsAsNamesAreReportedAtTheKeyword() {
        assertThat(syntaxError("CREATE TABLE t (select int PRIMARY KEY)").getMessage())
                .startsWith("line 1:16 ");
    }
}
