package io.cairn.cql.parser;

import io.cairn.cql.ast.Assignment;
import io.cairn.cql.ast.ColumnTarget;
import io.cairn.cql.ast.Condition;
import io.cairn.cql.ast.DeleteStatement;
import io.cairn.cql.ast.InsertJsonStatement;
import io.cairn.cql.ast.InsertStatement;
import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.Relation;
import io.cairn.cql.ast.Term;
import io.cairn.cql.ast.UpdateStatement;
import io.cairn.cql.ast.UsingClause;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cairn.cql.ast.ComparisonOperator.EQ;
import static io.cairn.cql.ast.ComparisonOperator.GT;
import static io.cairn.cql.ast.ComparisonOperator.LTE;
import static io.cairn.cql.ast.ComparisonOperator.NEQ;
import static io.cairn.cql.parser.Parsing.integer;
import static io.cairn.cql.parser.Parsing.parse;
import static io.cairn.cql.parser.Parsing.string;
import static io.cairn.cql.parser.Parsing.syntaxError;
import static org.assertj.core.api.Assertions.assertThat;

class ModificationStatementParsingTest {

    private static final List<Relation> K_IS_1 = List.of(new Relation.Comparison("k", EQ, integer(1)));

    private static List<Assignment> assignments(String set) {
        return parse("UPDATE t SET " + set + " WHERE k = 1", UpdateStatement.class).assignments();
    }

    private static List<Condition> conditions(String conditions) {
        return parse("UPDATE t SET a = 1 WHERE k = 1 IF " + conditions, UpdateStatement.class).conditions();
    }

    @Test
    void insertPairsColumnsWithValues() {
        InsertStatement insert = parse("INSERT INTO ks.t (k, \"Name\", tags) VALUES (1, 'x', {'a', 'b'})",
                InsertStatement.class);
        assertThat(insert).isEqualTo(new InsertStatement(QualifiedName.of("ks", "t"), List.of("k", "Name", "tags"),
                List.of(integer(1), string("x"), new Term.SetLiteral(List.of(string("a"), string("b")))),
                false, UsingClause.NONE));
    }

    @Test
    void insertTakesIfNotExistsThenUsing() {
        InsertStatement insert = parse("INSERT INTO t (k) VALUES (1) IF NOT EXISTS USING TTL 86400 AND TIMESTAMP 123",
                InsertStatement.class);
        assertThat(insert.ifNotExists()).isTrue();
        assertThat(insert.using()).isEqualTo(new UsingClause(integer(123), integer(86400)));
    }

    @Test
    void laterUsingOptionsReplaceEarlierOnesAsInCassandra() {
        InsertStatement insert = parse("INSERT INTO t (k) VALUES (1) USING TTL 1 AND TTL 2", InsertStatement.class);
        assertThat(insert.using()).isEqualTo(new UsingClause(null, integer(2)));
    }

    @Test
    void insertJsonTakesAStringOrAMarkerAndADefault() {
        assertThat(parse("INSERT INTO t JSON '{\"k\": 1}'", InsertJsonStatement.class)).isEqualTo(
                new InsertJsonStatement(QualifiedName.of("t"), string("{\"k\": 1}"), false, false, UsingClause.NONE));
        assertThat(parse("INSERT INTO t JSON ? DEFAULT UNSET IF NOT EXISTS USING TTL 5", InsertJsonStatement.class))
                .isEqualTo(new InsertJsonStatement(QualifiedName.of("t"), Term.BindMarker.positional(0), true, true,
                        new UsingClause(null, integer(5))));
        assertThat(parse("INSERT INTO t JSON :doc DEFAULT NULL", InsertJsonStatement.class).isDefaultUnset()).isFalse();
    }

    @Test
    void updateKeepsUsingAssignmentsWhereAndConditions() {
        UpdateStatement update = parse("UPDATE ks.t USING TIMESTAMP 5 SET a = 1, b = 'x' WHERE k = 1 IF a = 0",
                UpdateStatement.class);
        assertThat(update).isEqualTo(new UpdateStatement(QualifiedName.of("ks", "t"), new UsingClause(integer(5), null),
                List.of(new Assignment.SetValue("a", integer(1)), new Assignment.SetValue("b", string("x"))),
                K_IS_1, false,
                List.of(new Condition.Comparison(new ColumnTarget.Column("a"), EQ, integer(0)))));
        assertThat(update.isConditional()).isTrue();
    }

    @Test
    void updateIfExistsHasNoConditions() {
        UpdateStatement update = parse("UPDATE t SET a = 1 WHERE k = 1 IF EXISTS", UpdateStatement.class);
        assertThat(update.ifExists()).isTrue();
        assertThat(update.conditions()).isEmpty();
    }

    @Test
    void everyAssignmentFormHasItsOperation() {
        assertThat(assignments("c = c + 1, d = d - 1, l = l + [1], s = s - {2}, m = m + {'k': 3}"))
                .containsExactly(
                        new Assignment.Addition("c", integer(1)),
                        new Assignment.Subtraction("d", integer(1)),
                        new Assignment.Addition("l", new Term.ListLiteral(List.of(integer(1)))),
                        new Assignment.Subtraction("s", new Term.SetLiteral(List.of(integer(2)))),
                        new Assignment.Addition("m", new Term.MapLiteral(List.of(
                                new Term.MapLiteral.Entry(string("k"), integer(3))))));
        assertThat(assignments("l = [0] + l, c += 2, d -= 3, m['k'] = 4, l[0] = 5, u.street = 'x', u.\"Zip\" = ?"))
                .containsExactly(
                        new Assignment.Prepend("l", new Term.ListLiteral(List.of(integer(0)))),
                        new Assignment.Addition("c", integer(2)),
                        new Assignment.Subtraction("d", integer(3)),
                        new Assignment.SetElement("m", string("k"), integer(4)),
                        new Assignment.SetElement("l", integer(0), integer(5)),
                        new Assignment.SetField("u", "street", string("x")),
                        new Assignment.SetField("u", "Zip", Term.BindMarker.positional(0)));
    }

    @Test
    void counterUpdatesWithoutSpacesAreAdditionsAndSubtractions() {
        assertThat(assignments("c=c+1, d=d-1, e = E + ?")).containsExactly(
                new Assignment.Addition("c", integer(1)),
                new Assignment.Subtraction("d", integer(1)),
                new Assignment.Addition("e", Term.BindMarker.positional(0)));
    }

    @Test
    void arithmeticWithAnotherColumnIsRejectedWithCassandrasMessage() {
        // As Cassandra 5.0.9 answered (differential script 34-counters): no position, no space before <value>.
        assertThat(syntaxError("UPDATE t SET a = b + 1 WHERE k = 1").getMessage())
                .isEqualTo("Only expressions of the form X = X +<value> are supported.");
        assertThat(syntaxError("UPDATE t SET a = b - 1 WHERE k = 1").getMessage())
                .isEqualTo("Only expressions of the form X = X -<value> are supported.");
        assertThat(syntaxError("UPDATE t SET a = [1] + b WHERE k = 1").getMessage())
                .isEqualTo("Only expressions of the form X = <value> + X are supported.");
    }

    @Test
    void updateNeedsWhere() {
        syntaxError("UPDATE t SET a = 1");
    }

    @Test
    void conditionsCompareColumnsElementsAndFields() {
        assertThat(conditions("a = 1 AND b != 2 AND m['k'] > 3 AND u.f <= 4 AND c IN (1, 2) AND d IN ? "
                + "AND m['j'] IN (5) AND s CONTAINS 6 AND m CONTAINS KEY 'k'")).containsExactly(
                new Condition.Comparison(new ColumnTarget.Column("a"), EQ, integer(1)),
                new Condition.Comparison(new ColumnTarget.Column("b"), NEQ, integer(2)),
                new Condition.Comparison(new ColumnTarget.Element("m", string("k")), GT, integer(3)),
                new Condition.Comparison(new ColumnTarget.Field("u", "f"), LTE, integer(4)),
                new Condition.In(new ColumnTarget.Column("c"), List.of(integer(1), integer(2))),
                new Condition.InMarker(new ColumnTarget.Column("d"), Term.BindMarker.positional(0)),
                new Condition.In(new ColumnTarget.Element("m", string("j")), List.of(integer(5))),
                new Condition.Contains("s", integer(6)),
                new Condition.ContainsKey("m", string("k")));
    }

    @Test
    void aColumnNamedExistsCanBeAConditionTarget() {
        assertThat(conditions("exists = true")).containsExactly(
                new Condition.Comparison(new ColumnTarget.Column("exists"), EQ, Term.Literal.bool(true)));
    }

    @Test
    void deleteWithoutTargetsDeletesRows() {
        DeleteStatement delete = parse("DELETE FROM ks.t WHERE k = 1", DeleteStatement.class);
        assertThat(delete).isEqualTo(new DeleteStatement(QualifiedName.of("ks", "t"), List.of(), UsingClause.NONE,
                K_IS_1, false, List.of()));
        assertThat(delete.isConditional()).isFalse();
    }

    @Test
    void deleteTargetsColumnsElementsAndFields() {
        DeleteStatement delete = parse("DELETE a, m['k'], l[?], u.f FROM t USING TIMESTAMP 42 WHERE k = 1 IF EXISTS",
                DeleteStatement.class);
        assertThat(delete.targets()).containsExactly(
                new ColumnTarget.Column("a"),
                new ColumnTarget.Element("m", string("k")),
                new ColumnTarget.Element("l", Term.BindMarker.positional(0)),
                new ColumnTarget.Field("u", "f"));
        assertThat(delete.using()).isEqualTo(new UsingClause(integer(42), null));
        assertThat(delete.ifExists()).isTrue();
    }

    @Test
    void deleteTakesConditions() {
        DeleteStatement delete = parse("DELETE FROM t WHERE k = 1 IF a = 1 AND b IN (2, 3)", DeleteStatement.class);
        assertThat(delete.conditions()).containsExactly(
                new Condition.Comparison(new ColumnTarget.Column("a"), EQ, integer(1)),
                new Condition.In(new ColumnTarget.Column("b"), List.of(integer(2), integer(3))));
    }

    @Test
    void deleteHasNoTtl() {
        syntaxError("DELETE FROM t USING TTL 5 WHERE k = 1");
    }

    @Test
    void aColumnReplacedAndOtherwiseSetInOneUpdateIsASyntaxError() {
        assertThat(syntaxError("UPDATE t SET v = 'a', V = 'b' WHERE k = 1").getMessage())
                .isEqualTo("Multiple incompatible setting of column v");
        assertThat(syntaxError("UPDATE t SET l = l + [1], l = [2] WHERE k = 1").getMessage())
                .isEqualTo("Multiple incompatible setting of column l");
        assertThat(syntaxError("UPDATE t SET m = {'b': 2}, m['a'] = 1 WHERE k = 1").getMessage())
                .isEqualTo("Multiple incompatible setting of column m");
        assertThat(syntaxError("UPDATE t SET u.f = 1, u.f = 2 WHERE k = 1").getMessage())
                .isEqualTo("Multiple incompatible setting of column u");
    }

    @Test
    void operationsThatCombineMayShareAColumnInOneUpdate() {
        assertThat(assignments("l = l + [1], l = l + [2], m['a'] = 1, m['a'] = 2, s = s + {1}, s = s - {2}, "
                + "u.f = 1, u.g = 2")).hasSize(8);
    }
}
