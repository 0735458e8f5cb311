package io.cairn.cql.parser;

import io.cairn.cql.ast.CreateTableStatement;
import io.cairn.cql.ast.CqlTypeSyntax;
import io.cairn.cql.ast.NativeTypeName;
import io.cairn.cql.ast.QualifiedName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static io.cairn.cql.parser.Parsing.parse;
import static io.cairn.cql.parser.Parsing.syntaxError;
import static org.assertj.core.api.Assertions.assertThat;

class TypeSyntaxParsingTest {

    private static final CqlTypeSyntax INT = new CqlTypeSyntax.NativeType(NativeTypeName.INT);
    private static final CqlTypeSyntax TEXT = new CqlTypeSyntax.NativeType(NativeTypeName.TEXT);

    /** The type of column {@code v} in {@code CREATE TABLE t (k int PRIMARY KEY, v type)}. */
    private static CqlTypeSyntax type(String written) {
        CreateTableStatement create = parse("CREATE TABLE t (k int PRIMARY KEY, v " + written + ")",
                CreateTableStatement.class);
        return create.columns().get(1).type();
    }

    @ParameterizedTest
    @EnumSource(NativeTypeName.class)
    void everyNativeTypeNameParsesInAnyCase(NativeTypeName name) {
        assertThat(type(name.cqlName())).isEqualTo(new CqlTypeSyntax.NativeType(name));
        assertThat(type(name.name())).isEqualTo(new CqlTypeSyntax.NativeType(name));
    }

    @Test
    void collectionsTakeTheirElementTypes() {
        assertThat(type("list<int>")).isEqualTo(new CqlTypeSyntax.ListType(INT));
        assertThat(type("SET<text>")).isEqualTo(new CqlTypeSyntax.SetType(TEXT));
        assertThat(type("map<text, int>")).isEqualTo(new CqlTypeSyntax.MapType(TEXT, INT));
    }

    @Test
    void nestedCollectionsAreFrozenAsWritten() {
        assertThat(type("map<frozen<tuple<int, text>>, frozen<set<list<int>>>>")).isEqualTo(
                new CqlTypeSyntax.MapType(
                        new CqlTypeSyntax.FrozenType(new CqlTypeSyntax.TupleType(List.of(INT, TEXT))),
                        new CqlTypeSyntax.FrozenType(new CqlTypeSyntax.SetType(new CqlTypeSyntax.ListType(INT)))));
    }

    @Test
    void tuplesTakeAnyNumberOfTypes() {
        assertThat(type("tuple<int>")).isEqualTo(new CqlTypeSyntax.TupleType(List.of(INT)));
        assertThat(type("tuple<int, text, int>")).isEqualTo(new CqlTypeSyntax.TupleType(List.of(INT, TEXT, INT)));
    }

    @Test
    void vectorsTakeAnElementTypeAndADimension() {
        assertThat(type("vector<float, 3>"))
                .isEqualTo(new CqlTypeSyntax.VectorType(new CqlTypeSyntax.NativeType(NativeTypeName.FLOAT), 3));
        assertThat(type("VECTOR<frozen<list<int>>, 1024>"))
                .isEqualTo(new CqlTypeSyntax.VectorType(new CqlTypeSyntax.FrozenType(new CqlTypeSyntax.ListType(INT)), 1024));
    }

    @Test
    void vectorDimensionBeyondAnIntIsASyntaxError() {
        assertThat(syntaxError("CREATE TABLE t (k int PRIMARY KEY, v vector<float, 99999999999>)").getMessage())
                .isEqualTo("line 1:51 vector dimension 99999999999 is too large");
    }

    @Test
    void otherNamesAreUserTypesOptionallyQualified() {
        assertThat(type("address")).isEqualTo(new CqlTypeSyntax.UserType(QualifiedName.of("address")));
        assertThat(type("Shop.\"Address\"")).isEqualTo(new CqlTypeSyntax.UserType(QualifiedName.of("shop", "Address")));
        assertThat(type("frozen<address>"))
                .isEqualTo(new CqlTypeSyntax.FrozenType(new CqlTypeSyntax.UserType(QualifiedName.of("address"))));
        assertThat(type("key")).isEqualTo(new CqlTypeSyntax.UserType(QualifiedName.of("key")));
    }

    @Test
    void aStringIsACustomTypeClassName() {
        assertThat(type("'org.apache.cassandra.db.marshal.BytesType'"))
                .isEqualTo(new CqlTypeSyntax.CustomType("org.apache.cassandra.db.marshal.BytesType"));
    }

    @Test
    void namesReservedForFutureTypesCannotNameUserTypes() {
        assertThat(syntaxError("CREATE TYPE byte (a int)").getMessage())
                .isEqualTo("line 1:12 Invalid (reserved) user type name byte");
        assertThat(syntaxError("CREATE TABLE t (k int PRIMARY KEY, v frozen<interval>)").getMessage())
                .contains("Invalid (reserved) user type name interval");
        assertThat(parse("CREATE TYPE \"byte\" (a int)", io.cairn.cql.ast.CreateTypeStatement.class).type())
                .isEqualTo(QualifiedName.of("byte"));
    }

    @Test
    void malformedTypesAreSyntaxErrors() {
        syntaxError("CREATE TABLE t (k int PRIMARY KEY, v list<int, int>)");
        syntaxError("CREATE TABLE t (k int PRIMARY KEY, v map<int>)");
        syntaxError("CREATE TABLE t (k int PRIMARY KEY, v vector<float>)");
        syntaxError("CREATE TABLE t (k int PRIMARY KEY, v frozen<list<int>)");
        syntaxError("CREATE TABLE t (k int PRIMARY KEY, v tuple<>)");
    }
}
