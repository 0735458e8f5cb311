package io.cairn.cql.parser;

import io.cairn.cql.ast.UnsupportedStatement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.cairn.cql.parser.Parsing.parse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid CQL that Cairn does not implement yet parses into an {@link UnsupportedStatement}
 * naming its kind, so that the client is told "not supported" rather than "syntax error".
 */
class UnsupportedStatementParsingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "CREATE MATERIALIZED VIEW ks.v AS SELECT * FROM ks.t WHERE a IS NOT NULL AND b IS NOT NULL PRIMARY KEY (a, b) | CREATE MATERIALIZED VIEW",
            "ALTER MATERIALIZED VIEW ks.v WITH comment = 'x'                       | ALTER MATERIALIZED VIEW",
            "DROP MATERIALIZED VIEW IF EXISTS ks.v                                  | DROP MATERIALIZED VIEW",
            "CREATE FUNCTION f (a int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS 'return a;' | CREATE FUNCTION",
            "CREATE OR REPLACE FUNCTION ks.f (a int) CALLED ON NULL INPUT RETURNS int LANGUAGE java AS $$ return a; $$ | CREATE FUNCTION",
            "DROP FUNCTION IF EXISTS ks.f(int)                                      | DROP FUNCTION",
            "CREATE AGGREGATE ks.avg_state(int) SFUNC s STYPE tuple<int, bigint> FINALFUNC f INITCOND (0, 0) | CREATE AGGREGATE",
            "CREATE OR REPLACE AGGREGATE a(int) SFUNC s STYPE int                    | CREATE AGGREGATE",
            "DROP AGGREGATE a                                                       | DROP AGGREGATE",
            "LIST SUPERUSERS                                                        | LIST SUPERUSERS",
            "CREATE TRIGGER IF NOT EXISTS trg ON ks.t USING 'org.example.Trigger'   | CREATE TRIGGER",
            "DROP TRIGGER trg ON ks.t                                               | DROP TRIGGER",
    })
    void unsupportedStatementsNameTheirKind(String cql, String kind) {
        assertThat(parse(cql, UnsupportedStatement.class)).isEqualTo(new UnsupportedStatement(kind));
        assertThat(parse(cql + ";", UnsupportedStatement.class)).isEqualTo(new UnsupportedStatement(kind));
    }
}
