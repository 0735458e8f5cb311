package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What CREATE INDEX refuses that Cairn could not store (a name its storage cannot carry, a type
 * without an order), the values an index cannot key, and options named in any case.
 */
class SecondaryIndexTest {

    private final NodeFixture node = NodeFixture.withKeyspace("ks");

    @Test
    void namesAndTypesAnIndexCannotStoreAreRefusedBeforeTheSchemaChanges() {
        node.execute("CREATE TABLE t (k int PRIMARY KEY, v int, d frozen<tuple<int, duration>>, "
                + "l frozen<list<duration>>)");
        assertThatThrownBy(() -> node.execute("CREATE INDEX \"by-v\" ON t (v)")).isInstanceOf(CqlException.class)
                .hasMessage("Index name must not be empty, or contain non-alphanumeric-underscore characters "
                        + "(got \"by-v\")");
        String tooLong = "i".repeat(201);
        assertThatThrownBy(() -> node.execute("CREATE INDEX " + tooLong + " ON t (v)"))
                .hasMessageContaining("must not be more than 200 characters");
        assertThatThrownBy(() -> node.execute("CREATE INDEX ON t (d)"))
                .hasMessage("Secondary indexes are not supported on duration columns");
        assertThatThrownBy(() -> node.execute("CREATE INDEX ON t (full(l))"))
                .hasMessage("Secondary indexes are not supported on duration columns");
        assertThat(node.schema.current().table("ks", "t").indexes()).isEmpty();
        node.execute("CREATE INDEX by_v ON t (v)");
        assertThat(node.schema.current().table("ks", "t").indexes()).containsOnlyKeys("by_v");
    }

    @Test
    void aValueTooLargeToIndexIsRefusedAndNothingIsWritten() {
        node.execute("CREATE TABLE t (k int PRIMARY KEY, v text, tags set<text>)");
        node.execute("CREATE INDEX ON t (v)");
        node.execute("CREATE INDEX ON t (tags)");
        String large = "x".repeat(IndexedValueSizes.MAX_INDEXED_VALUE_BYTES + 1);
        assertThatThrownBy(() -> node.execute("INSERT INTO t (k, v) VALUES (1, '" + large + "')"))
                .hasMessage("Cannot index value of size 32768 for index t_v_idx on ks.t(v) (maximum allowed size=32767)");
        assertThatThrownBy(() -> node.execute("UPDATE t SET tags = tags + {'" + large + "'} WHERE k = 1"))
                .hasMessageContaining("for index t_tags_idx on ks.t(tags)");
        assertThat(node.rows("SELECT * FROM t")).isEmpty();
        node.execute("INSERT INTO t (k, v) VALUES (1, '" + large.substring(1) + "')");
        assertThat(node.rows("SELECT k FROM t WHERE v = '" + large.substring(1) + "'")).containsExactly(List.of("1"));
    }

    @Test
    void optionsAreTakenInAnyCase() {
        node.execute("CREATE TABLE t (k int PRIMARY KEY, name text)");
        node.execute("CREATE INDEX ON t (name) USING 'sai' WITH OPTIONS = {'Case_Sensitive': 'false'}");
        node.execute("INSERT INTO t (k, name) VALUES (1, 'Ann')");
        assertThat(node.rows("SELECT k FROM t WHERE name = 'aNN'")).containsExactly(List.of("1"));
    }
}
