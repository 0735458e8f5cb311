package io.cairn.cql.parser;

import io.cairn.cql.ast.Relation;
import io.cairn.cql.ast.SelectStatement;
import io.cairn.cql.ast.Selector;
import io.cairn.cql.ast.Term;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cairn.cql.ast.ComparisonOperator.EQ;
import static io.cairn.cql.parser.Parsing.integer;
import static io.cairn.cql.parser.Parsing.parse;
import static io.cairn.cql.parser.Parsing.parsed;
import static io.cairn.cql.parser.Parsing.selector;
import static io.cairn.cql.parser.Parsing.syntaxError;
import static org.assertj.core.api.Assertions.assertThat;

/** Comments, whitespace, semicolons and the tokens that are easy to get wrong. */
class LexicalStructureTest {

    private static final SelectStatement K_IS_1 = parse("SELECT * FROM t WHERE k = 1", SelectStatement.class);

    @Test
    void allThreeCommentStylesAreIgnored() {
        assertThat(parse("-- leading\nSELECT * FROM t WHERE k = 1 -- trailing", SelectStatement.class)).isEqualTo(K_IS_1);
        assertThat(parse("// leading\nSELECT * FROM t // middle\nWHERE k = 1 // trailing", SelectStatement.class))
                .isEqualTo(K_IS_1);
        assertThat(parse("/* a\nmulti-line\ncomment */SELECT/**/*/* x */FROM t WHERE k = /* one */ 1",
                SelectStatement.class)).isEqualTo(K_IS_1);
    }

    @Test
    void commentMarkersInsideLiteralsAreText() {
        assertThat(Parsing.term("'-- not a comment /* nor this */'"))
                .isEqualTo(Parsing.string("-- not a comment /* nor this */"));
        assertThat(parse("SELECT \"--x\" FROM t", SelectStatement.class).selectors().get(0).selector())
                .isEqualTo(new Selector.ColumnRef("--x"));
    }

    @Test
    void anyWhitespaceSeparatesTokens() {
        assertThat(parse("SELECT\t*\r\nFROM\tt\n\n\nWHERE\r\nk\t=\t1", SelectStatement.class)).isEqualTo(K_IS_1);
    }

    @Test
    void trailingSemicolonsAreOptional() {
        assertThat(parse("SELECT * FROM t WHERE k = 1;", SelectStatement.class)).isEqualTo(K_IS_1);
        assertThat(parse("SELECT * FROM t WHERE k = 1 ; ; ", SelectStatement.class)).isEqualTo(K_IS_1);
        syntaxError("SELECT * FROM t WHERE k = 1; SELECT * FROM t");
        syntaxError("; SELECT * FROM t");
    }

    @Test
    void theQueryTextIsKeptAsGiven() {
        String cql = "  SELECT * FROM t WHERE k = 1; -- cached by this text\n";
        assertThat(parsed(cql).query()).isEqualTo(cql);
    }

    @Test
    void aRangeAfterAnIntegerIsNotAFloat() {
        assertThat(selector("l[1..2]")).isEqualTo(new Selector.SliceSelection(new Selector.ColumnRef("l"),
                integer(1), integer(2)));
        assertThat(selector("l[1.5..2.5]")).isEqualTo(new Selector.SliceSelection(new Selector.ColumnRef("l"),
                Term.Literal.floatingPoint("1.5"), Term.Literal.floatingPoint("2.5")));
    }

    @Test
    void operatorsNeedNoSpaces() {
        assertThat(parse("SELECT*FROM t WHERE k=1", SelectStatement.class)).isEqualTo(K_IS_1);
        assertThat(parse("SELECT * FROM t WHERE a>=1 AND b<=2 AND c!=3 AND d<4", SelectStatement.class).where())
                .hasSize(4);
    }

    @Test
    void minusBeforeANumberIsPartOfItEvenAfterAnotherOperator() {
        assertThat(parse("SELECT * FROM t WHERE k = -1", SelectStatement.class).where())
                .containsExactly(new Relation.Comparison("k", EQ, integer(-1)));
        assertThat(Parsing.term("2*-3")).isEqualTo(new Term.Arithmetic(io.cairn.cql.ast.ArithmeticOperator.MULTIPLY,
                integer(2), integer(-3)));
        assertThat(Parsing.term("[-1, -2.5, -1h]")).isEqualTo(new Term.ListLiteral(List.of(integer(-1),
                Term.Literal.floatingPoint("-2.5"), Term.Literal.duration("-1h"))));
    }
}
