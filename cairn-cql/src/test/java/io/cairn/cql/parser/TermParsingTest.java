package io.cairn.cql.parser;

import io.cairn.cql.ast.ArithmeticOperator;
import io.cairn.cql.ast.CqlTypeSyntax;
import io.cairn.cql.ast.LiteralKind;
import io.cairn.cql.ast.NativeTypeName;
import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.Term;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.cairn.cql.parser.Parsing.integer;
import static io.cairn.cql.parser.Parsing.string;
import static io.cairn.cql.parser.Parsing.term;
import static org.assertj.core.api.Assertions.assertThat;

class TermParsingTest {

    @Test
    void stringLiteralsUnescapeDoubledQuotes() {
        assertThat(term("'it''s'")).isEqualTo(string("it's"));
        assertThat(term("''")).isEqualTo(string(""));
        assertThat(term("''''")).isEqualTo(string("'"));
    }

    @Test
    void dollarQuotedStringsKeepTheirContentVerbatim() {
        assertThat(term("$$it's a 'quote' and a $ sign$$")).isEqualTo(string("it's a 'quote' and a $ sign"));
        assertThat(term("$$$$")).isEqualTo(string(""));
        assertThat(term("$$line one\nline two$$")).isEqualTo(string("line one\nline two"));
    }

    @Test
    void stringsKeepCharactersOutsideTheBasicPlane() {
        assertThat(term("'caf\u00e9 \uD83D\uDE00'")).isEqualTo(string("caf\u00e9 \uD83D\uDE00"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "42                                   | INTEGER  | 42",
            "-7                                   | INTEGER  | -7",
            "- 7                                  | INTEGER  | -7",
            "-9223372036854775808                 | INTEGER  | -9223372036854775808",
            "123456789012345678901234567890       | INTEGER  | 123456789012345678901234567890",
            "1.5                                  | FLOAT    | 1.5",
            "-2.5e10                              | FLOAT    | -2.5e10",
            "1e5                                  | FLOAT    | 1e5",
            "3.14E-2                              | FLOAT    | 3.14E-2",
            "1.                                   | FLOAT    | 1.",
            "1.e+3                                | FLOAT    | 1.e+3",
            "NaN                                  | FLOAT    | NaN",
            "nan                                  | FLOAT    | NaN",
            "-NaN                                 | FLOAT    | NaN",
            "Infinity                             | FLOAT    | Infinity",
            "-infinity                            | FLOAT    | -Infinity",
            "true                                 | BOOLEAN  | true",
            "FALSE                                | BOOLEAN  | false",
            "123e4567-e89b-12d3-a456-426614174000 | UUID     | 123e4567-e89b-12d3-a456-426614174000",
            "DEADBEEF-0000-1111-2222-333344445555 | UUID     | DEADBEEF-0000-1111-2222-333344445555",
            "0xCAFE                               | HEX      | 0xCAFE",
            "0Xcafe                               | HEX      | 0Xcafe",
            "0x                                   | HEX      | 0x",
            "1h30m                                | DURATION | 1h30m",
            "12mo                                 | DURATION | 12mo",
            "1y2mo3w4d5h6m7s8ms9us10ns            | DURATION | 1y2mo3w4d5h6m7s8ms9us10ns",
            "1\u00b5s                             | DURATION | 1\u00b5s",
            "-10s                                 | DURATION | -10s",
            "P1D                                  | DURATION | P1D",
            "P1Y2M3DT4H5M6S                       | DURATION | P1Y2M3DT4H5M6S",
            "PT2H30M                              | DURATION | PT2H30M",
            "P2W                                  | DURATION | P2W",
            "-P1D                                 | DURATION | -P1D",
            "P0001-02-03T04:05:06                 | DURATION | P0001-02-03T04:05:06",
            "NULL                                 | NULL     | null",
    })
    void constantsKeepTheirKindAndText(String written, LiteralKind kind, String text) {
        assertThat(term(written)).isEqualTo(new Term.Literal(kind, text));
    }

    @Test
    void lowerCaseIsoDesignatorsAreNotDurations() {
        // As in Cassandra: P1D is a duration, p1d an identifier (here, a function's name).
        assertThat(term("p1d()")).isEqualTo(new Term.FunctionCall(QualifiedName.of("p1d"), List.of()));
    }

    @Test
    void collectionLiteralsHoldTheirElementsInOrder() {
        assertThat(term("[1, 2, 3]")).isEqualTo(new Term.ListLiteral(List.of(integer(1), integer(2), integer(3))));
        assertThat(term("[]")).isEqualTo(new Term.ListLiteral(List.of()));
        assertThat(term("{'b', 'a'}")).isEqualTo(new Term.SetLiteral(List.of(string("b"), string("a"))));
        assertThat(term("{'k1': 1, 'k2': [2]}")).isEqualTo(new Term.MapLiteral(List.of(
                new Term.MapLiteral.Entry(string("k1"), integer(1)),
                new Term.MapLiteral.Entry(string("k2"), new Term.ListLiteral(List.of(integer(2)))))));
    }

    @Test
    void emptyBracesAreAnEmptySetOrMap() {
        assertThat(term("{}")).isEqualTo(new Term.EmptySetOrMap());
    }

    @Test
    void parenthesesMakeTuplesEvenOfOneElement() {
        assertThat(term("(1, 'a', null)"))
                .isEqualTo(new Term.TupleLiteral(List.of(integer(1), string("a"), Term.Literal.NULL)));
        assertThat(term("(1)")).isEqualTo(new Term.TupleLiteral(List.of(integer(1))));
        assertThat(term("((1, 2), (3))")).isEqualTo(new Term.TupleLiteral(List.of(
                new Term.TupleLiteral(List.of(integer(1), integer(2))),
                new Term.TupleLiteral(List.of(integer(3))))));
    }

    @Test
    void bracesWithFieldNamesAreUserTypeLiterals() {
        assertThat(term("{street: 'Main', \"Zip\": 12345, key: ?}")).isEqualTo(new Term.UdtLiteral(List.of(
                new Term.UdtLiteral.Field("street", string("Main")),
                new Term.UdtLiteral.Field("Zip", integer(12345)),
                new Term.UdtLiteral.Field("key", Term.BindMarker.positional(0)))));
    }

    @Test
    void bracesWithFunctionCallKeysAreMaps() {
        assertThat(term("{now(): 1}")).isEqualTo(new Term.MapLiteral(List.of(new Term.MapLiteral.Entry(
                new Term.FunctionCall(QualifiedName.of("now"), List.of()), integer(1)))));
    }

    @Test
    void functionCallsMayNestAndBeQualifiedByKeyspace() {
        assertThat(term("now()")).isEqualTo(new Term.FunctionCall(QualifiedName.of("now"), List.of()));
        assertThat(term("uuid()")).isEqualTo(new Term.FunctionCall(QualifiedName.of("uuid"), List.of()));
        assertThat(term("toTimestamp(now())")).isEqualTo(new Term.FunctionCall(QualifiedName.of("totimestamp"),
                List.of(new Term.FunctionCall(QualifiedName.of("now"), List.of()))));
        assertThat(term("system.blobAsText(0x41)")).isEqualTo(new Term.FunctionCall(
                QualifiedName.of("system", "blobastext"), List.of(Term.Literal.hex("0x41"))));
        assertThat(term("token(1, 'a')"))
                .isEqualTo(new Term.FunctionCall(QualifiedName.of("token"), List.of(integer(1), string("a"))));
    }

    @Test
    void aParenthesisedTypeBeforeATermIsATypeHint() {
        assertThat(term("(int) ?")).isEqualTo(new Term.TypeHint(
                new CqlTypeSyntax.NativeType(NativeTypeName.INT), Term.BindMarker.positional(0)));
        assertThat(term("(frozen<list<text>>) ['a']")).isEqualTo(new Term.TypeHint(
                new CqlTypeSyntax.FrozenType(new CqlTypeSyntax.ListType(new CqlTypeSyntax.NativeType(NativeTypeName.TEXT))),
                new Term.ListLiteral(List.of(string("a")))));
        assertThat(term("(bigint) -1")).isEqualTo(new Term.TypeHint(
                new CqlTypeSyntax.NativeType(NativeTypeName.BIGINT), integer(-1)));
        assertThat(term("(ks.address) {street: 'x'}")).isEqualTo(new Term.TypeHint(
                new CqlTypeSyntax.UserType(QualifiedName.of("ks", "address")),
                new Term.UdtLiteral(List.of(new Term.UdtLiteral.Field("street", string("x"))))));
    }

    @Test
    void castConvertsToANativeType() {
        assertThat(term("CAST(1 AS text)"))
                .isEqualTo(new Term.Cast(integer(1), NativeTypeName.TEXT));
    }

    @Test
    void minusBeforeANonLiteralIsANegation() {
        assertThat(term("-?")).isEqualTo(new Term.Negation(Term.BindMarker.positional(0)));
        assertThat(term("- - 1")).isEqualTo(new Term.Negation(integer(-1)));
        assertThat(term("-(int) 1")).isEqualTo(new Term.Negation(
                new Term.TypeHint(new CqlTypeSyntax.NativeType(NativeTypeName.INT), integer(1))));
    }

    @Test
    void multiplicationBindsTighterThanAdditionAndBothAssociateLeft() {
        Term.Literal one = integer(1);
        Term.Literal two = integer(2);
        Term.Literal three = integer(3);
        assertThat(term("1 + 2 * 3")).isEqualTo(new Term.Arithmetic(ArithmeticOperator.ADD, one,
                new Term.Arithmetic(ArithmeticOperator.MULTIPLY, two, three)));
        assertThat(term("1 - 2 - 3")).isEqualTo(new Term.Arithmetic(ArithmeticOperator.SUBTRACT,
                new Term.Arithmetic(ArithmeticOperator.SUBTRACT, one, two), three));
        assertThat(term("1-2")).isEqualTo(new Term.Arithmetic(ArithmeticOperator.SUBTRACT, one, two));
        assertThat(term("6 / 2 % 4")).isEqualTo(new Term.Arithmetic(ArithmeticOperator.MODULO,
                new Term.Arithmetic(ArithmeticOperator.DIVIDE, integer(6), two), integer(4)));
        assertThat(term("(1 + 2) * 3")).isEqualTo(new Term.Arithmetic(ArithmeticOperator.MULTIPLY,
                new Term.TupleLiteral(List.of(new Term.Arithmetic(ArithmeticOperator.ADD, one, two))), three));
    }

    @Test
    void nullAndMarkersAreTerms() {
        assertThat(term("null")).isEqualTo(Term.Literal.NULL);
        assertThat(term("?")).isEqualTo(Term.BindMarker.positional(0));
        assertThat(term(":value")).isEqualTo(Term.BindMarker.named(0, "value"));
    }
}
