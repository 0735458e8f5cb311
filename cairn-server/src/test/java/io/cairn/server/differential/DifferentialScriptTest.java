package io.cairn.server.differential;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DifferentialScriptTest {

    @Test
    void statementsAreSplitOnSemicolonsOutsideLiteralsAndComments() {
        DifferentialScript script = DifferentialScript.parse("01-x", """
                -- a comment; not a statement
                INSERT INTO t (k, v) VALUES (1, 'a;b');
                SELECT "odd;name" FROM t; /* a block; comment */
                SELECT $$dollar;quoted$$ FROM t
                """);

        assertThat(script.statements()).extracting(DifferentialScript.Statement::cql).containsExactly(
                "INSERT INTO t (k, v) VALUES (1, 'a;b')", "SELECT \"odd;name\" FROM t",
                "SELECT $$dollar;quoted$$ FROM t");
        assertThat(script.statements()).extracting(DifferentialScript.Statement::line).containsExactly(2, 3, 4);
    }

    @Test
    void aBatchIsOneStatementUpToApplyBatch() {
        DifferentialScript script = DifferentialScript.parse("01-x", """
                BEGIN UNLOGGED BATCH
                  INSERT INTO t (k) VALUES (1);
                  INSERT INTO t (k) VALUES (2);
                APPLY BATCH;
                SELECT * FROM t;
                """);

        assertThat(script.statements()).hasSize(2);
        assertThat(script.statements().get(0).oneLine()).isEqualTo(
                "BEGIN UNLOGGED BATCH INSERT INTO t (k) VALUES (1); INSERT INTO t (k) VALUES (2); APPLY BATCH");
    }

    @Test
    void aConsistencyDirectiveAppliesToTheNextStatementOnlyAndShowsInItsLine() {
        DifferentialScript script = DifferentialScript.parse("01-x", """
                -- consistency: serial
                SELECT * FROM t WHERE k = 1;
                -- consistency: QUORUM/LOCAL_SERIAL
                INSERT INTO t (k) VALUES (1) IF NOT EXISTS;
                SELECT * FROM t;
                """);

        assertThat(script.statements()).extracting(DifferentialScript.Statement::consistency)
                .containsExactly("SERIAL", "QUORUM/LOCAL_SERIAL", null);
        assertThat(script.statements().get(0).oneLine()).isEqualTo("SELECT * FROM t WHERE k = 1 -- consistency: SERIAL");
        assertThat(script.statements().get(2).oneLine()).isEqualTo("SELECT * FROM t");
    }

    @Test
    void aKnownDifferenceMarkAppliesToTheNextStatementOnly() {
        DifferentialScript script = DifferentialScript.parse("01-x", """
                -- known difference: Cairn does not support counters yet
                UPDATE t SET c = c + 1 WHERE k = 1;
                SELECT * FROM t;
                """);

        assertThat(script.statements()).extracting(DifferentialScript.Statement::knownDifference)
                .containsExactly("Cairn does not support counters yet", null);
    }

    @Test
    void aBindDirectiveRunsTheNextStatementPreparedWithItsValues() {
        DifferentialScript script = DifferentialScript.parse("01-x", """
                -- bind: 1, 'a, b', [1, 2], {'k': (3, 'x')}, name = 'y'
                INSERT INTO t (k, v, l, m, n) VALUES (?, ?, ?, ?, :name);
                SELECT * FROM t;
                """);

        assertThat(script.statements().get(0).bindValues())
                .containsExactly("1", "'a, b'", "[1, 2]", "{'k': (3, 'x')}", "name = 'y'");
        assertThat(script.statements().get(0).oneLine()).isEqualTo(
                "INSERT INTO t (k, v, l, m, n) VALUES (?, ?, ?, ?, :name) -- bind: 1, 'a, b', [1, 2], {'k': (3, 'x')}, "
                        + "name = 'y'");
        assertThat(script.statements().get(1).isPrepared()).isFalse();
    }

    @Test
    void aMarkWithoutAStatementIsRefused() {
        assertThatThrownBy(() -> DifferentialScript.parse("01-x", "SELECT 1 FROM t;\n-- known difference: nothing\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a statement");
    }

    @Test
    void theKeyspaceIsNamedAfterTheFile() {
        assertThat(DifferentialScript.parse("13-ddl-and-more", "").keyspace()).isEqualTo("diff_13_ddl_and_more");
    }

    @Test
    void errorsOfTheSameKindMatchWhateverTheirMessage() {
        Outcome cassandra = new Outcome(java.util.List.of("error Invalid: Keyspace 'x' doesn't exist"));
        Outcome cairn = new Outcome(java.util.List.of("error Invalid: Keyspace 'x' does not exist"));
        Outcome other = new Outcome(java.util.List.of("error ConfigurationException: Keyspace 'x' doesn't exist"));

        assertThat(cassandra.matches(cairn)).isTrue();
        assertThat(cassandra.matches(other)).isFalse();
        assertThat(cassandra.matches(new Outcome(java.util.List.of(Outcome.OK)))).isFalse();
    }
}
