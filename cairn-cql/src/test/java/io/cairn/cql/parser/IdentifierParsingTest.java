package io.cairn.cql.parser;

import io.cairn.cql.ast.AliasedSelector;
import io.cairn.cql.ast.ColumnDefinition;
import io.cairn.cql.ast.CreateTableStatement;
import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.Relation;
import io.cairn.cql.ast.SelectStatement;
import io.cairn.cql.ast.Selector;
import io.cairn.cql.ast.Term;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.cairn.cql.parser.Parsing.parse;
import static io.cairn.cql.parser.Parsing.syntaxError;
import static io.cairn.cql.parser.Parsing.term;
import static org.assertj.core.api.Assertions.assertThat;

class IdentifierParsingTest {

    /** Cassandra 5.0's unreserved keywords Cairn's grammar uses, which still name columns. */
    private static final List<String> UNRESERVED = List.of(
            "key", "value", "type", "ttl", "writetime", "maxwritetime", "timestamp", "date", "time", "count",
            "user", "role", "options", "static", "json", "distinct", "as", "cast", "keys", "values",
            "filtering", "contains", "frozen", "list", "map", "tuple", "vector", "ann", "like", "per",
            "partition", "group", "default", "unset", "exists", "custom", "trigger", "function", "aggregate",
            "replace", "clustering", "compact", "storage", "text", "int", "uuid", "counter", "boolean");

    @Test
    void unquotedIdentifiersAreFoldedToLowerCase() {
        SelectStatement select = parse("SELECT MyColumn FROM MyKeyspace.MyTable WHERE PartKey = 1", SelectStatement.class);
        assertThat(select.table()).isEqualTo(QualifiedName.of("mykeyspace", "mytable"));
        assertThat(select.selectors()).containsExactly(AliasedSelector.of(new Selector.ColumnRef("mycolumn")));
        assertThat(select.where()).containsExactly(new Relation.Comparison("partkey",
                io.cairn.cql.ast.ComparisonOperator.EQ, Parsing.integer(1)));
    }

    @Test
    void quotedIdentifiersKeepTheirCase() {
        SelectStatement select = parse("SELECT \"MyColumn\" AS \"Alias\" FROM \"MyKeyspace\".\"MyTable\"",
                SelectStatement.class);
        assertThat(select.table()).isEqualTo(QualifiedName.of("MyKeyspace", "MyTable"));
        assertThat(select.selectors()).containsExactly(new AliasedSelector(new Selector.ColumnRef("MyColumn"), "Alias"));
    }

    @Test
    void doubledDoubleQuoteInAQuotedIdentifierIsOneDoubleQuote() {
        assertThat(parse("SELECT \"say \"\"hi\"\"\" FROM t", SelectStatement.class).selectors().get(0).selector())
                .isEqualTo(new Selector.ColumnRef("say \"hi\""));
    }

    @Test
    void quotedIdentifiersMayHoldAnyCharacterAndKeywords() {
        assertThat(parse("SELECT \"select\", \"from where\", \"\u00e9t\u00e9\" FROM t", SelectStatement.class)
                .selectors()).extracting(AliasedSelector::selector).containsExactly(
                new Selector.ColumnRef("select"), new Selector.ColumnRef("from where"), new Selector.ColumnRef("\u00e9t\u00e9"));
    }

    @Test
    void emptyQuotedIdentifierIsRejected() {
        assertThat(syntaxError("SELECT \"\" FROM t").getMessage())
                .isEqualTo("line 1:7 empty quoted identifier \"\" is not allowed");
    }

    @Test
    void keywordsAreCaseInsensitive() {
        SelectStatement select = parse("sElEcT a FrOm t WhErE a = 1 LiMiT 5 allow FILTERING", SelectStatement.class);
        assertThat(select.limit()).isEqualTo(Parsing.integer(5));
        assertThat(select.allowsFiltering()).isTrue();
    }

    @Test
    void unreservedKeywordsNameColumnsTablesAndKeyspaces() {
        for (String word : UNRESERVED) {
            SelectStatement select = parse("SELECT " + word + " FROM " + word + "." + word
                    + " WHERE " + word + " = 1", SelectStatement.class);
            assertThat(select.table()).as(word).isEqualTo(QualifiedName.of(word, word));
            assertThat(select.selectors()).as(word).containsExactly(AliasedSelector.of(new Selector.ColumnRef(word)));
            assertThat(select.where()).as(word).hasSize(1);
        }
    }

    @Test
    void unreservedKeywordsNameColumnsInTableDefinitions() {
        StringBuilder cql = new StringBuilder("CREATE TABLE t (");
        for (String word : UNRESERVED) {
            cql.append(word.toUpperCase()).append(" int, ");
        }
        cql.append("PRIMARY KEY (key, value))");
        CreateTableStatement create = parse(cql.toString(), CreateTableStatement.class);
        assertThat(create.columns()).extracting(ColumnDefinition::name).containsExactlyElementsOf(UNRESERVED);
    }

    @Test
    void staticIsAColumnNameAndAColumnModifier() {
        CreateTableStatement create = parse("CREATE TABLE t (static int PRIMARY KEY, s int static, static2 int STATIC)",
                CreateTableStatement.class);
        assertThat(create.columns()).extracting(ColumnDefinition::name, ColumnDefinition::isStatic)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("static", false),
                        org.assertj.core.groups.Tuple.tuple("s", true),
                        org.assertj.core.groups.Tuple.tuple("static2", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"select", "from", "where", "and", "keyspace", "table", "primary", "token", "null",
            "in", "is", "not", "if", "limit", "order", "by", "set", "using", "with", "nan", "infinity", "full",
            "entries", "true", "modify", "grant", "view"})
    void reservedKeywordsCannotNameColumnsUnquoted(String word) {
        syntaxError("SELECT * FROM t WHERE " + word + " = 1");
        syntaxError("SELECT * FROM " + word);
        syntaxError("CREATE TABLE t (" + word + " int PRIMARY KEY)");
        assertThat(parse("CREATE TABLE t (\"" + word + "\" int PRIMARY KEY)", CreateTableStatement.class)
                .columns().get(0).name()).isEqualTo(word);
    }

    @Test
    void jsonAndDistinctAreColumnsUnlessASelectionFollows() {
        SelectStatement json = parse("SELECT json FROM t", SelectStatement.class);
        assertThat(json.isJson()).isFalse();
        assertThat(json.selectors()).containsExactly(AliasedSelector.of(new Selector.ColumnRef("json")));

        SelectStatement jsonOfJson = parse("SELECT JSON json FROM t", SelectStatement.class);
        assertThat(jsonOfJson.isJson()).isTrue();
        assertThat(jsonOfJson.selectors()).containsExactly(AliasedSelector.of(new Selector.ColumnRef("json")));

        SelectStatement distinct = parse("SELECT distinct FROM t", SelectStatement.class);
        assertThat(distinct.isDistinct()).isFalse();
        SelectStatement distinctOfDistinct = parse("SELECT DISTINCT distinct FROM t", SelectStatement.class);
        assertThat(distinctOfDistinct.isDistinct()).isTrue();
        assertThat(distinctOfDistinct.selectors()).containsExactly(AliasedSelector.of(new Selector.ColumnRef("distinct")));
    }

    @Test
    void namedBindMarkersFoldLikeOtherIdentifiers() {
        assertThat(term(":MyValue")).isEqualTo(Term.BindMarker.named(0, "myvalue"));
        assertThat(term(":\"MyValue\"")).isEqualTo(Term.BindMarker.named(0, "MyValue"));
        assertThat(term(":key")).isEqualTo(Term.BindMarker.named(0, "key"));
    }

    @Test
    void functionNamesFoldUnlessQuoted() {
        assertThat(term("NOW()")).isEqualTo(new Term.FunctionCall(QualifiedName.of("now"), List.of()));
        assertThat(term("\"MyFunc\"()")).isEqualTo(new Term.FunctionCall(QualifiedName.of("MyFunc"), List.of()));
        assertThat(term("Ks.F()")).isEqualTo(new Term.FunctionCall(QualifiedName.of("ks", "f"), List.of()));
        assertThat(term("int(1)")).isEqualTo(new Term.FunctionCall(QualifiedName.of("int"), List.of(Parsing.integer(1))));
    }
}
