package io.cairn.cql.parser;

import io.cairn.cql.ast.BatchStatement;
import io.cairn.cql.ast.SelectStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.cairn.cql.parser.Parsing.parse;
import static io.cairn.cql.parser.Parsing.syntaxError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParserLimitsTest {

    private static final int DEEP = 100_000;

    @Test
    void defaultsAreOneMebibyteAndSixtyFourLevels() {
        assertThat(ParserLimits.DEFAULT).isEqualTo(new ParserLimits(1_048_576, 64));
        assertThat(new StatementParser().limits()).isEqualTo(ParserLimits.DEFAULT);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new ParserLimits(0, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParserLimits(100, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStatementLongerThanTheLimitIsRejectedBeforeParsing() {
        StatementParser parser = new StatementParser(ParserLimits.DEFAULT.withMaxStatementChars(30));
        String atLimit = "SELECT * FROM t WHERE k = 1234";
        assertThat(atLimit).hasSize(30);
        assertThat(parser.parse(atLimit).statement()).isInstanceOf(SelectStatement.class);
        assertThat(syntaxError(parser, atLimit + "5").getMessage())
                .isEqualTo("Statement too long: 31 characters, more than the 30 allowed");
    }

    @Test
    void theDefaultLengthLimitRejectsAStatementOfOneMebibytePlusOne() {
        String huge = "SELECT * FROM t WHERE k = '" + "x".repeat(1_048_576) + "'";
        assertThat(syntaxError(huge).getMessage())
                .isEqualTo("Statement too long: " + huge.length() + " characters, more than the 1048576 allowed");
    }

    @Test
    void aBatchOfNearlyOneMebibyteParses() {
        StringBuilder batch = new StringBuilder("BEGIN UNLOGGED BATCH ");
        int statements = 0;
        while (batch.length() < 1_000_000) {
            batch.append("INSERT INTO ks.events (id, at, kind, payload) VALUES (?, '2024-01-01', 'click', {'k': [1, 2]});\n");
            statements++;
        }
        batch.append("APPLY BATCH");
        ParsedStatement parsed = Parsing.PARSER.parse(batch.toString());
        assertThat(((BatchStatement) parsed.statement()).statements()).hasSize(statements);
        assertThat(parsed.bindMarkerCount()).isEqualTo(statements);
    }

    static Stream<String> deeplyNested() {
        return Stream.of(
                "SELECT * FROM t WHERE a = " + "(".repeat(DEEP) + "1" + ")".repeat(DEEP),
                "SELECT * FROM t WHERE a = " + "(".repeat(DEEP),
                "SELECT * FROM t WHERE a = " + "[".repeat(DEEP) + "]".repeat(DEEP),
                "SELECT * FROM t WHERE a = " + "{".repeat(DEEP) + "}".repeat(DEEP),
                "SELECT * FROM t WHERE a = " + "f(".repeat(DEEP) + ")".repeat(DEEP),
                "SELECT " + "(".repeat(DEEP) + "a" + ")".repeat(DEEP) + " FROM t",
                "SELECT * FROM t WHERE " + "(".repeat(DEEP) + "a = 1" + ")".repeat(DEEP),
                "CREATE TABLE t (k " + "frozen<".repeat(DEEP) + "int" + ">".repeat(DEEP) + " PRIMARY KEY)",
                "CREATE TABLE t (k " + "frozen<list<".repeat(DEEP / 2) + "int" + ">>".repeat(DEEP / 2) + " PRIMARY KEY)",
                "CREATE KEYSPACE k WITH r = " + "{'a': ".repeat(DEEP) + "1" + "}".repeat(DEEP),
                "CREATE MATERIALIZED VIEW v AS " + "(".repeat(DEEP),
                "INSERT INTO t (a) VALUES (" + "[{(".repeat(DEEP / 3) + ")}]".repeat(DEEP / 3) + ")");
    }

    @ParameterizedTest
    @MethodSource("deeplyNested")
    void bracketsNestedOneHundredThousandDeepAreRejectedWithoutOverflowingTheStack(String cql) {
        assertThat(syntaxError(cql).getMessage())
                .matches("line 1:\\d+ statement nested too deeply at '.*' \\(more than 64 levels of nesting\\)");
    }

    static Stream<String> longChains() {
        return Stream.of(
                "SELECT * FROM t WHERE a = " + "(int) ".repeat(DEEP) + "1",
                "SELECT * FROM t WHERE a = " + "- ".repeat(DEEP) + "1",
                "SELECT * FROM t WHERE a = 1" + " + 1".repeat(DEEP),
                "SELECT * FROM t WHERE a = 1" + " * 1".repeat(DEEP),
                "SELECT a" + ".b".repeat(DEEP) + " FROM t",
                "SELECT a" + "[1]".repeat(DEEP) + " FROM t",
                "SELECT " + "(int) ".repeat(DEEP) + "a FROM t",
                "SELECT writetime(a" + ".b".repeat(DEEP) + ") FROM t",
                "UPDATE t SET a = 1" + " - 1".repeat(DEEP) + " WHERE k = 1");
    }

    @ParameterizedTest
    @MethodSource("longChains")
    void chainsThatNestTheTreeOneHundredThousandDeepAreRejected(String cql) {
        assertThat(syntaxError(cql).getMessage())
                .matches("line 1:\\d+ statement nested too deeply at '.*' \\(more than 64 levels of nesting\\)");
    }

    @Test
    void nestingUpToTheLimitParses() {
        parse("SELECT * FROM t WHERE a = " + "(".repeat(64) + "1" + ")".repeat(64), SelectStatement.class);
        parse("SELECT * FROM t WHERE a = " + "[".repeat(64) + "]".repeat(64), SelectStatement.class);
        parse("SELECT * FROM t WHERE a = 0" + " + 1".repeat(64), SelectStatement.class);
        // The column list's parenthesis is a level too.
        parse("CREATE TABLE t (k " + "frozen<".repeat(63) + "int" + ">".repeat(63) + " PRIMARY KEY)",
                io.cairn.cql.ast.CreateTableStatement.class);
        syntaxError("SELECT * FROM t WHERE a = " + "(".repeat(65) + "1" + ")".repeat(65));
        syntaxError("SELECT * FROM t WHERE a = 0" + " + 1".repeat(65));
    }

    @Test
    void aConfiguredDepthLimitApplies() {
        StatementParser parser = new StatementParser(ParserLimits.DEFAULT.withMaxNestingDepth(4));
        parser.parse("SELECT * FROM t WHERE a = [[[[1]]]]");
        parser.parse("SELECT * FROM t WHERE a = 1 + 2 + 3 + 4 + 5");
        assertThat(syntaxError(parser, "SELECT * FROM t WHERE a = (((((1)))))").getMessage())
                .isEqualTo("line 1:30 statement nested too deeply at '(' (more than 4 levels of nesting)");
        assertThat(syntaxError(parser, "SELECT * FROM t WHERE a = 1 + 2 + 3 + 4 + 5 + 6").getMessage())
                .isEqualTo("line 1:26 statement nested too deeply at '1' (more than 4 levels of nesting)");
    }

    @Test
    void aHigherDepthLimitStillNeverEscapesAsStackOverflow() {
        // With limits far beyond what a small stack holds, the last resort still answers
        // with a syntax error. Run on a deliberately small stack to make overflow certain.
        StatementParser parser = new StatementParser(ParserLimits.DEFAULT.withMaxNestingDepth(1_000_000));
        String cql = "SELECT * FROM t WHERE a = " + "(".repeat(DEEP) + "1" + ")".repeat(DEEP);
        Throwable[] outcome = new Throwable[1];
        Thread small = new Thread(null, () -> {
            try {
                parser.parse(cql);
            } catch (Throwable t) {
                outcome[0] = t;
            }
        }, "small-stack", 256 * 1024);
        small.start();
        try {
            small.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(outcome[0]).isInstanceOf(io.cairn.cql.error.CqlException.class)
                .hasMessageContaining("nested too deeply");
    }
}
