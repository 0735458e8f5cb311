package io.cairn.cql.parser;

import io.cairn.cql.ast.DescribeStatement;
import io.cairn.cql.ast.DescribeStatement.Kind;
import io.cairn.cql.error.CqlException;
import org.junit.jupiter.api.Test;

import static io.cairn.cql.parser.Parsing.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DESCRIBE reads as Cassandra 5.0 reads it: a word naming what to describe wins over a name. */
class DescribeStatementParsingTest {

    private static DescribeStatement describe(String cql) {
        return parse(cql, DescribeStatement.class);
    }

    @Test
    void listingsAndSchemasNameNothing() {
        assertThat(describe("DESCRIBE KEYSPACES")).isEqualTo(new DescribeStatement(Kind.KEYSPACES, null, null, false));
        assertThat(describe("desc tables;")).isEqualTo(new DescribeStatement(Kind.TABLES, null, null, false));
        assertThat(describe("describe full schema")).isEqualTo(new DescribeStatement(Kind.FULL_SCHEMA, null, null,
                false));
        assertThat(describe("DESCRIBE SCHEMA")).isEqualTo(new DescribeStatement(Kind.SCHEMA, null, null, false));
        assertThat(describe("DESCRIBE KEYSPACE")).isEqualTo(new DescribeStatement(Kind.KEYSPACE, null, null, false));
    }

    @Test
    void elementsNameTheirKeyspaceAndName() {
        assertThat(describe("DESC TABLE ks.t")).isEqualTo(new DescribeStatement(Kind.TABLE, "ks", "t", false));
        assertThat(describe("DESCRIBE COLUMNFAMILY \"Ks\".\"T\" WITH INTERNALS"))
                .isEqualTo(new DescribeStatement(Kind.TABLE, "Ks", "T", true));
        assertThat(describe("DESCRIBE ONLY KEYSPACE Shop")).isEqualTo(new DescribeStatement(Kind.ONLY_KEYSPACE,
                "shop", null, false));
        assertThat(describe("DESCRIBE TYPE address")).isEqualTo(new DescribeStatement(Kind.TYPE, null, "address",
                false));
        assertThat(describe("DESCRIBE MATERIALIZED VIEW ks.v")).isEqualTo(new DescribeStatement(
                Kind.MATERIALIZED_VIEW, "ks", "v", false));
        assertThat(describe("DESCRIBE shop.orders")).isEqualTo(new DescribeStatement(Kind.ELEMENT, "shop", "orders",
                false));
        // A quoted word is a name, not what to describe.
        assertThat(describe("DESCRIBE \"tables\"")).isEqualTo(new DescribeStatement(Kind.ELEMENT, null, "tables",
                false));
    }

    @Test
    void aMissingOrExtraWordIsASyntaxError() {
        assertThatThrownBy(() -> describe("DESCRIBE TABLE")).isInstanceOf(CqlException.class)
                .hasMessageContaining("no viable alternative at input '<EOF>'");
        assertThatThrownBy(() -> describe("DESCRIBE WHAT EVER")).isInstanceOf(CqlException.class)
                .hasMessageContaining("line 1:14 no viable alternative at input 'EVER'");
        assertThatThrownBy(() -> describe("DESCRIBE TABLES t")).isInstanceOf(CqlException.class)
                .hasMessageContaining("no viable alternative at input 't'");
    }
}
