package io.cairn.cql.parser;

import io.cairn.cql.ast.AliasedSelector;
import io.cairn.cql.ast.ArithmeticOperator;
import io.cairn.cql.ast.CqlTypeSyntax;
import io.cairn.cql.ast.NativeTypeName;
import io.cairn.cql.ast.Ordering;
import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.Relation;
import io.cairn.cql.ast.SelectStatement;
import io.cairn.cql.ast.Selector;
import io.cairn.cql.ast.Term;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cairn.cql.ast.ComparisonOperator.EQ;
import static io.cairn.cql.ast.ComparisonOperator.GT;
import static io.cairn.cql.ast.ComparisonOperator.GTE;
import static io.cairn.cql.ast.ComparisonOperator.LT;
import static io.cairn.cql.ast.ComparisonOperator.LTE;
import static io.cairn.cql.ast.ComparisonOperator.NEQ;
import static io.cairn.cql.parser.Parsing.integer;
import static io.cairn.cql.parser.Parsing.parse;
import static io.cairn.cql.parser.Parsing.selector;
import static io.cairn.cql.parser.Parsing.string;
import static org.assertj.core.api.Assertions.assertThat;

class SelectStatementParsingTest {

    private static final Selector.ColumnRef A = new Selector.ColumnRef("a");
    private static final Selector.ColumnRef B = new Selector.ColumnRef("b");

    private static List<Relation> where(String clause) {
        return parse("SELECT * FROM t WHERE " + clause, SelectStatement.class).where();
    }

    @Test
    void wildcardSelectionHasNoSelectors() {
        SelectStatement select = parse("SELECT * FROM ks.t", SelectStatement.class);
        assertThat(select).isEqualTo(new SelectStatement(QualifiedName.of("ks", "t"), false, false, List.of(),
                List.of(), List.of(), List.of(), null, null, false));
        assertThat(select.isWildcard()).isTrue();
    }

    @Test
    void everyClauseIsKept() {
        SelectStatement select = parse("SELECT JSON DISTINCT a AS x, b FROM t WHERE a = 1 GROUP BY a, b "
                + "ORDER BY b DESC, c ASC, d PER PARTITION LIMIT 2 LIMIT 10 ALLOW FILTERING", SelectStatement.class);
        assertThat(select).isEqualTo(new SelectStatement(QualifiedName.of("t"), true, true,
                List.of(new AliasedSelector(A, "x"), AliasedSelector.of(B)),
                List.of(new Relation.Comparison("a", EQ, integer(1))),
                List.of(A, B),
                List.of(Ordering.descending("b"), Ordering.ascending("c"), Ordering.ascending("d")),
                integer(2), integer(10), true));
    }

    @Test
    void approximateNearestNeighbourOrderingKeepsItsVector() {
        SelectStatement select = parse("SELECT * FROM t ORDER BY v ANN OF [1.0, 2.5] LIMIT 3", SelectStatement.class);
        assertThat(select.orderings()).containsExactly(new Ordering("v", false, new Term.ListLiteral(
                List.of(Term.Literal.floatingPoint("1.0"), Term.Literal.floatingPoint("2.5")))));
    }

    @Test
    void singleColumnComparisonsTakeEveryOperator() {
        assertThat(where("a = 1 AND b != 2 AND c < 3 AND d <= 4 AND e > 5 AND f >= 6")).containsExactly(
                new Relation.Comparison("a", EQ, integer(1)),
                new Relation.Comparison("b", NEQ, integer(2)),
                new Relation.Comparison("c", LT, integer(3)),
                new Relation.Comparison("d", LTE, integer(4)),
                new Relation.Comparison("e", GT, integer(5)),
                new Relation.Comparison("f", GTE, integer(6)));
    }

    @Test
    void inTakesAListOrOneMarker() {
        assertThat(where("a IN (1, 2) AND b IN () AND c IN ? AND d IN :ds AND e IN (?, ?)")).containsExactly(
                new Relation.In("a", List.of(integer(1), integer(2))),
                new Relation.In("b", List.of()),
                new Relation.InMarker("c", Term.BindMarker.positional(0)),
                new Relation.InMarker("d", Term.BindMarker.named(1, "ds")),
                new Relation.In("e", List.of(Term.BindMarker.positional(2), Term.BindMarker.positional(3))));
    }

    @Test
    void multiColumnRelationsCompareTuples() {
        Term.TupleLiteral oneTwo = new Term.TupleLiteral(List.of(integer(1), integer(2)));
        Term.TupleLiteral threeFour = new Term.TupleLiteral(List.of(integer(3), integer(4)));
        assertThat(where("(a, b) > (1, 2) AND (a, b) <= ? AND (c, d) IN ((1, 2), (3, 4)) AND (e) IN ? "
                + "AND (f, g) IN (?, :h) AND (i, j) IN ()")).containsExactly(
                new Relation.MultiColumnComparison(List.of("a", "b"), GT, oneTwo),
                new Relation.MultiColumnComparison(List.of("a", "b"), LTE, Term.BindMarker.positional(0)),
                new Relation.MultiColumnIn(List.of("c", "d"), List.of(oneTwo, threeFour)),
                new Relation.MultiColumnInMarker(List.of("e"), Term.BindMarker.positional(1)),
                new Relation.MultiColumnIn(List.of("f", "g"),
                        List.of(Term.BindMarker.positional(2), Term.BindMarker.named(3, "h"))),
                new Relation.MultiColumnIn(List.of("i", "j"), List.of()));
    }

    @Test
    void tokenRelationsNameThePartitionKeyColumns() {
        assertThat(where("token(a, b) > token(1, 2) AND token(a, b) <= ?")).containsExactly(
                new Relation.TokenComparison(List.of("a", "b"), GT,
                        new Term.FunctionCall(QualifiedName.of("token"), List.of(integer(1), integer(2)))),
                new Relation.TokenComparison(List.of("a", "b"), LTE, Term.BindMarker.positional(0)));
    }

    @Test
    void collectionAndIndexRelationsAreDistinct() {
        assertThat(where("s CONTAINS 1 AND m CONTAINS KEY 'k' AND m['k'] = 2 AND t LIKE 'ab%' AND u IS NOT NULL"))
                .containsExactly(
                        new Relation.Contains("s", integer(1)),
                        new Relation.ContainsKey("m", string("k")),
                        new Relation.ElementComparison("m", string("k"), EQ, integer(2)),
                        new Relation.Like("t", string("ab%")),
                        new Relation.IsNotNull("u"));
    }

    @Test
    void parenthesesAroundARelationAreDropped() {
        assertThat(where("(a = 1) AND ((b > 2))")).containsExactly(
                new Relation.Comparison("a", EQ, integer(1)),
                new Relation.Comparison("b", GT, integer(2)));
    }

    @Test
    void countOfRowsDiffersFromCountOfAValue() {
        assertThat(selector("count(*)")).isEqualTo(new Selector.CountRows());
        assertThat(selector("COUNT(*)")).isEqualTo(new Selector.CountRows());
        assertThat(selector("COUNT(1)")).isEqualTo(new Selector.FunctionCall(QualifiedName.of("count"),
                List.of(new Selector.Value(integer(1)))));
        assertThat(selector("count(a)")).isEqualTo(new Selector.FunctionCall(QualifiedName.of("count"), List.of(A)));
    }

    @Test
    void cellMetadataSelectorsNameAColumnOrAPartOfIt() {
        assertThat(selector("writetime(a)"))
                .isEqualTo(new Selector.WritetimeOrTtl(Selector.WritetimeOrTtl.Kind.WRITETIME, A));
        assertThat(selector("MAXWRITETIME(a)"))
                .isEqualTo(new Selector.WritetimeOrTtl(Selector.WritetimeOrTtl.Kind.MAXWRITETIME, A));
        assertThat(selector("ttl(m['k'])")).isEqualTo(new Selector.WritetimeOrTtl(Selector.WritetimeOrTtl.Kind.TTL,
                new Selector.ElementSelection(new Selector.ColumnRef("m"), string("k"))));
    }

    @Test
    void functionCallsNestSelectors() {
        assertThat(selector("blobAsText(intAsBlob(a))")).isEqualTo(new Selector.FunctionCall(
                QualifiedName.of("blobastext"),
                List.of(new Selector.FunctionCall(QualifiedName.of("intasblob"), List.of(A)))));
        assertThat(selector("ks.f(a, 1, ?)")).isEqualTo(new Selector.FunctionCall(QualifiedName.of("ks", "f"),
                List.of(A, new Selector.Value(integer(1)), new Selector.Value(Term.BindMarker.positional(0)))));
        assertThat(selector("token(a, b)")).isEqualTo(new Selector.FunctionCall(QualifiedName.of("token"), List.of(A, B)));
        assertThat(selector("now()")).isEqualTo(new Selector.FunctionCall(QualifiedName.of("now"), List.of()));
    }

    @Test
    void castAndTypeHintsApplyToSelectors() {
        assertThat(selector("CAST(a AS text)")).isEqualTo(new Selector.Cast(A, NativeTypeName.TEXT));
        assertThat(selector("(int) ?")).isEqualTo(new Selector.TypeHint(
                new CqlTypeSyntax.NativeType(NativeTypeName.INT), new Selector.Value(Term.BindMarker.positional(0))));
    }

    @Test
    void elementSliceAndFieldSelectionChain() {
        Selector.ColumnRef l = new Selector.ColumnRef("l");
        assertThat(selector("l[1]")).isEqualTo(new Selector.ElementSelection(l, integer(1)));
        assertThat(selector("l[1..3]")).isEqualTo(new Selector.SliceSelection(l, integer(1), integer(3)));
        assertThat(selector("l[1..]")).isEqualTo(new Selector.SliceSelection(l, integer(1), null));
        assertThat(selector("l[..3]")).isEqualTo(new Selector.SliceSelection(l, null, integer(3)));
        assertThat(selector("l['a'..'b']")).isEqualTo(new Selector.SliceSelection(l, string("a"), string("b")));
        assertThat(selector("u.address.street")).isEqualTo(new Selector.FieldSelection(
                new Selector.FieldSelection(new Selector.ColumnRef("u"), "address"), "street"));
        assertThat(selector("m['k'].f")).isEqualTo(new Selector.FieldSelection(
                new Selector.ElementSelection(new Selector.ColumnRef("m"), string("k")), "f"));
    }

    @Test
    void literalsAndMarkersAreValues() {
        assertThat(selector("'text'")).isEqualTo(new Selector.Value(string("text")));
        assertThat(selector("-1")).isEqualTo(new Selector.Value(integer(-1)));
        assertThat(selector("null")).isEqualTo(new Selector.Value(Term.Literal.NULL));
        assertThat(selector(":v")).isEqualTo(new Selector.Value(Term.BindMarker.named(0, "v")));
        assertThat(selector("{}")).isEqualTo(new Selector.Value(new Term.EmptySetOrMap()));
    }

    @Test
    void arithmeticCombinesSelectorsWithPrecedence() {
        assertThat(selector("a + b * 2")).isEqualTo(new Selector.Arithmetic(ArithmeticOperator.ADD, A,
                new Selector.Arithmetic(ArithmeticOperator.MULTIPLY, B, new Selector.Value(integer(2)))));
        assertThat(selector("-a")).isEqualTo(new Selector.Negation(A));
        assertThat(selector("(a + b) % 3")).isEqualTo(new Selector.Arithmetic(ArithmeticOperator.MODULO,
                new Selector.Parenthesized(new Selector.Arithmetic(ArithmeticOperator.ADD, A, B)),
                new Selector.Value(integer(3))));
    }

    @Test
    void collectionAndTupleSelectorsHoldSelectors() {
        assertThat(selector("[a, b]")).isEqualTo(new Selector.ListSelector(List.of(A, B)));
        assertThat(selector("{a, b}")).isEqualTo(new Selector.SetSelector(List.of(A, B)));
        assertThat(selector("{a: b}")).isEqualTo(new Selector.MapSelector(List.of(new Selector.MapSelector.Entry(A, B))));
        assertThat(selector("(a, b)")).isEqualTo(new Selector.TupleSelector(List.of(A, B)));
        // Kept in parentheses, not a tuple: a result column is named as the statement wrote it.
        assertThat(selector("(a)")).isEqualTo(new Selector.Parenthesized(A));
    }

    @Test
    void aliasesFoldUnlessQuoted() {
        SelectStatement select = parse("SELECT a AS First, b AS \"Second\" FROM t", SelectStatement.class);
        assertThat(select.selectors()).containsExactly(new AliasedSelector(A, "first"), new AliasedSelector(B, "Second"));
    }

    @Test
    void limitsTakeIntegersOrMarkers() {
        SelectStatement select = parse("SELECT * FROM t PER PARTITION LIMIT ? LIMIT :l", SelectStatement.class);
        assertThat(select.perPartitionLimit()).isEqualTo(Term.BindMarker.positional(0));
        assertThat(select.limit()).isEqualTo(Term.BindMarker.named(1, "l"));
        assertThat(parse("SELECT * FROM t LIMIT -1", SelectStatement.class).limit()).isEqualTo(integer(-1));
    }
}
