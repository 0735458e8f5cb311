package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code SELECT JSON} and {@code toJson()} write every type as Cassandra 5.0 does; the expected
 * texts are what a Cassandra 5.0.9 node answered to the same statements.
 */
class JsonRenderingTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TYPE addr (street text, \"Zip\" int, n frozen<list<int>>)");
        node.execute("CREATE TABLE j (k int PRIMARY KEY, ts timestamp, d date, t time, du duration, b blob, i inet,"
                + " i6 inet, u uuid, tu timeuuid, de decimal, vi varint, f float, db double, bo boolean, tx text,"
                + " asci ascii, si smallint, ti tinyint, bi bigint, tup tuple<int, text, timestamp>, ud frozen<addr>,"
                + " mt map<timestamp, int>, mu map<uuid, text>, mi map<int, text>, mf map<frozen<list<int>>, int>,"
                + " st set<double>, ls list<frozen<set<int>>>,"
                + " nested frozen<map<text, frozen<list<frozen<map<int, blob>>>>>>, mtup map<frozen<tuple<int,text>>, int>,"
                + " mbool map<boolean, date>, mdec map<decimal, inet>)");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void everyTypeIsWrittenAsCassandraWritesItsJson() {
        node.execute("INSERT INTO j (k, ts, d, t, du, b, i, i6, u, tu, de, vi, f, db, bo, tx, asci, si, ti, bi, tup, ud,"
                + " mt, mu, mi, mf, st, ls, nested, mtup, mbool, mdec) VALUES (1, '2024-01-02 03:04:05.678+0000',"
                + " '2024-01-02', '03:04:05.123456789', 1y2mo3w4d5h6m7s8ms9us10ns, 0xcafe, '1.2.3.4', '::1',"
                + " 550e8400-e29b-41d4-a716-446655440000, 8e0c5c00-0000-1000-8000-000000000000, 2.50,"
                + " 123456789012345678901234567890, 1.5, 0.1, true, 'h\"i\\', 'a', -3, 7, 9223372036854775807,"
                + " (1, 'x', '2024-01-02 03:04:05.000+0000'), {street: 's', \"Zip\": 5, n: [1,2]},"
                + " {'2024-01-02 03:04:05.678+0000': 1}, {550e8400-e29b-41d4-a716-446655440000: 'v'}, {1: 'a', 2: 'b'},"
                + " {[1,2]: 3}, {1.5, -0.0, 2.0}, [{1,2},{3}], {'a': [{1: 0x01}]}, {(1,'a'): 2}, {true: '2024-01-02'},"
                + " {1.50: '1.2.3.4'})");

        assertThat(json("SELECT JSON * FROM j WHERE k = 1")).isEqualTo("{\"k\": 1, \"asci\": \"a\", \"b\": \"0xcafe\","
                + " \"bi\": 9223372036854775807, \"bo\": true, \"d\": \"2024-01-02\", \"db\": 0.1, \"de\": 2.50,"
                + " \"du\": \"1y2mo25d5h6m7s8ms9us10ns\", \"f\": 1.5, \"i\": \"1.2.3.4\", \"i6\": \"0:0:0:0:0:0:0:1\","
                + " \"ls\": [[1, 2], [3]], \"mbool\": {\"true\": \"2024-01-02\"}, \"mdec\": {\"1.50\": \"1.2.3.4\"},"
                + " \"mf\": {\"[1, 2]\": 3}, \"mi\": {\"1\": \"a\", \"2\": \"b\"}, \"mt\": {\"2024-01-02 03:04:05.678Z\": 1},"
                + " \"mtup\": {\"[1, \\\"a\\\"]\": 2}, \"mu\": {\"550e8400-e29b-41d4-a716-446655440000\": \"v\"},"
                + " \"nested\": {\"a\": [{\"1\": \"0x01\"}]}, \"si\": -3, \"st\": [-0.0, 1.5, 2.0],"
                + " \"t\": \"03:04:05.123456789\", \"ti\": 7, \"ts\": \"2024-01-02 03:04:05.678Z\","
                + " \"tu\": \"8e0c5c00-0000-1000-8000-000000000000\", \"tup\": [1, \"x\", \"2024-01-02 03:04:05.000Z\"],"
                + " \"tx\": \"h\\\"i\\\\\", \"u\": \"550e8400-e29b-41d4-a716-446655440000\","
                + " \"ud\": {\"street\": \"s\", \"\\\"Zip\\\"\": 5, \"n\": [1, 2]}, \"vi\": 123456789012345678901234567890}");
    }

    @Test
    void timestampsAreUtcWithAZoneLetterAndASignedYearPastFourDigits() {
        node.execute("INSERT INTO j (k, ts) VALUES (1, '1969-12-31 23:59:59.999+0000')");
        node.execute("INSERT INTO j (k, ts) VALUES (2, -62000000000000)");
        node.execute("INSERT INTO j (k, ts) VALUES (3, 253402300800000)");
        node.execute("INSERT INTO j (k, ts) VALUES (4, -9223372036854775808)");

        assertThat(json("SELECT JSON ts FROM j WHERE k = 1")).isEqualTo("{\"ts\": \"1969-12-31 23:59:59.999Z\"}");
        assertThat(json("SELECT JSON ts FROM j WHERE k = 2")).isEqualTo("{\"ts\": \"0005-04-19 09:46:40.000Z\"}");
        assertThat(json("SELECT JSON ts FROM j WHERE k = 3")).isEqualTo("{\"ts\": \"+10000-01-01 00:00:00.000Z\"}");
        assertThat(json("SELECT JSON ts FROM j WHERE k = 4")).isEqualTo("{\"ts\": \"+292275056-05-16 16:47:04.192Z\"}");

        node.execute("INSERT INTO j JSON '{\"k\": 5, \"ts\": \"1969-12-31 23:59:59.999Z\"}'");
        assertThat(json("SELECT JSON ts FROM j WHERE k = 5")).isEqualTo("{\"ts\": \"1969-12-31 23:59:59.999Z\"}");
    }

    @Test
    void numbersKeepTheirFormAndAZeroDurationIsEmpty() {
        node.execute("INSERT INTO j (k, f, db, de, vi, du, b, i6) VALUES (1, 1e20, 12345678.9, 1E+3, -5, 0s, 0x, '::ffff:1.2.3.4')");
        assertThat(json("SELECT JSON f, db, de, vi, du, b, i6 FROM j WHERE k = 1")).isEqualTo(
                "{\"f\": 1.0E20, \"db\": 1.23456789E7, \"de\": 1E+3, \"vi\": -5, \"du\": \"\", \"b\": \"0x\", \"i6\": \"1.2.3.4\"}");
    }

    @Test
    void nanAndInfinitiesAreNullBecauseJsonHasNoSuchNumbers() {
        node.execute("INSERT INTO j (k, f, db, st) VALUES (1, NaN, Infinity, {-Infinity, 1.0})");
        node.execute("INSERT INTO j (k, f, db) VALUES (2, -Infinity, NaN)");

        assertThat(json("SELECT JSON f, db, st FROM j WHERE k = 1")).isEqualTo("{\"f\": null, \"db\": null, \"st\": [null, 1.0]}");
        assertThat(json("SELECT JSON f, db FROM j WHERE k = 2")).isEqualTo("{\"f\": null, \"db\": null}");
        assertThat(node.rows("SELECT toJson(f), toJson(db) FROM j WHERE k = 2")).containsExactly(List.of("'null'", "'null'"));
    }

    @Test
    void toJsonWritesOneValueAndNullAsTheTextNull() {
        node.execute("INSERT INTO j (k, ts, tup, du) VALUES (1, '2024-01-02 03:04:05.678+0000',"
                + " (1, 'x', '2024-01-02 03:04:05.000+0000'), 1y2mo3w4d5h6m7s8ms9us10ns)");
        QueryResult.Rows rows = (QueryResult.Rows) node.execute("SELECT k, toJson(ts), toJson(tup), toJson(du), toJson(f) FROM j");

        assertThat(NodeFixture.render(rows)).containsExactly(List.of("1", "'\"2024-01-02 03:04:05.678Z\"'",
                "'[1, \"x\", \"2024-01-02 03:04:05.000Z\"]'", "'\"1y2mo25d5h6m7s8ms9us10ns\"'", "'null'"));
        assertThat(rows.columns().get(1).name()).isEqualTo("system.tojson(ts)");
    }

    @Test
    void aCollectionTupleOrUserTypeGivenAsAJsonStringIsReadFromTheJsonInside() {
        node.execute("INSERT INTO j JSON '{\"k\": 2, \"st\": \"[1.5, 2]\", \"mi\": \"{\\\"3\\\": \\\"c\\\"}\", "
                + "\"tup\": \"[7, \\\"t\\\", null]\", \"ud\": \"{\\\"street\\\": \\\"s\\\"}\"}'");
        assertThat(node.rows("SELECT st, mi, tup, ud FROM j WHERE k = 2")).containsExactly(List.of("{1.5, 2.0}",
                "{3: 'c'}", "(7, 't', null)", "{street: 's', \"Zip\": null, n: null}"));
        assertThatThrownBy(() -> node.execute("INSERT INTO j JSON '{\"k\": 3, \"st\": \"[1, \"}'"))
                .isInstanceOf(CqlException.class).hasMessageContaining("Error decoding JSON string");
        assertThatThrownBy(() -> node.execute("INSERT INTO j JSON '{\"k\": 1.5}'")).isInstanceOf(CqlException.class)
                .hasMessageContaining("Expected an int value, but got a Double: 1.5");
    }

    private String json(String select) {
        QueryResult.Rows rows = (QueryResult.Rows) node.execute(select);
        assertThat(rows.rows()).hasSize(1);
        return StandardCharsets.UTF_8.decode(rows.rows().get(0).get(0).duplicate()).toString();
    }
}
