package io.cairn.cql.parser;

import io.cairn.cql.ast.BatchStatement;
import io.cairn.cql.ast.DeleteStatement;
import io.cairn.cql.ast.InsertStatement;
import io.cairn.cql.ast.UpdateStatement;
import io.cairn.cql.ast.UsingClause;
import org.junit.jupiter.api.Test;

import static io.cairn.cql.parser.Parsing.integer;
import static io.cairn.cql.parser.Parsing.parse;
import static io.cairn.cql.parser.Parsing.parsed;
import static io.cairn.cql.parser.Parsing.syntaxError;
import static org.assertj.core.api.Assertions.assertThat;

class BatchStatementParsingTest {

    @Test
    void aBatchIsLoggedByDefaultAndKeepsItsStatementsInOrder() {
        BatchStatement batch = parse("BEGIN BATCH "
                + "INSERT INTO t (k, v) VALUES (1, 'a'); "
                + "UPDATE t SET v = 'b' WHERE k = 2; "
                + "DELETE FROM t WHERE k = 3; "
                + "APPLY BATCH", BatchStatement.class);
        assertThat(batch.type()).isEqualTo(BatchStatement.Type.LOGGED);
        assertThat(batch.using()).isEqualTo(UsingClause.NONE);
        assertThat(batch.statements()).hasSize(3);
        assertThat(batch.statements().get(0)).isInstanceOf(InsertStatement.class);
        assertThat(batch.statements().get(1)).isInstanceOf(UpdateStatement.class);
        assertThat(batch.statements().get(2)).isInstanceOf(DeleteStatement.class);
    }

    @Test
    void unloggedAndCounterBatchesAreMarked() {
        assertThat(parse("BEGIN UNLOGGED BATCH INSERT INTO t (k) VALUES (1) APPLY BATCH", BatchStatement.class).type())
                .isEqualTo(BatchStatement.Type.UNLOGGED);
        assertThat(parse("begin counter batch UPDATE t SET c = c + 1 WHERE k = 1 apply batch", BatchStatement.class)
                .type()).isEqualTo(BatchStatement.Type.COUNTER);
    }

    @Test
    void semicolonsBetweenBatchedStatementsAreOptional() {
        BatchStatement batch = parse("BEGIN BATCH INSERT INTO t (k) VALUES (1) INSERT INTO t (k) VALUES (2); "
                + "APPLY BATCH;", BatchStatement.class);
        assertThat(batch.statements()).hasSize(2);
    }

    @Test
    void aBatchMayBeEmpty() {
        assertThat(parse("BEGIN BATCH APPLY BATCH", BatchStatement.class).statements()).isEmpty();
    }

    @Test
    void batchUsingAppliesToTheWholeBatch() {
        BatchStatement batch = parse("BEGIN BATCH USING TIMESTAMP 1000 INSERT INTO t (k) VALUES (1) APPLY BATCH",
                BatchStatement.class);
        assertThat(batch.using()).isEqualTo(new UsingClause(integer(1000), null));
    }

    @Test
    void bindMarkersAreNumberedAcrossTheBatch() {
        ParsedStatement parsed = parsed("BEGIN BATCH INSERT INTO t (k, v) VALUES (?, ?); "
                + "UPDATE t SET v = :v WHERE k = ?; DELETE FROM t WHERE k = ?; APPLY BATCH");
        assertThat(parsed.bindMarkerCount()).isEqualTo(5);
        assertThat(parsed.bindMarkers().get(2).name()).isEqualTo("v");
    }

    @Test
    void onlyModificationsCanBeBatched() {
        syntaxError("BEGIN BATCH SELECT * FROM t; APPLY BATCH");
        syntaxError("BEGIN BATCH CREATE TABLE t (k int PRIMARY KEY); APPLY BATCH");
        syntaxError("BEGIN BATCH BEGIN BATCH APPLY BATCH APPLY BATCH");
    }

    @Test
    void aBatchMustBeApplied() {
        assertThat(syntaxError("BEGIN BATCH INSERT INTO t (k) VALUES (1);").getMessage())
                .isEqualTo("line 0:-1 mismatched input '<EOF>' expecting K_APPLY");
    }
}
