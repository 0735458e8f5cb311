package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A user type with non-frozen collection fields is frozen all the way down wherever it is used
 * frozen: in a set, as a map key, in the primary key, and after a field is added to a type that
 * such columns already hold.
 */
class CollectionsInUserTypesTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void aFieldIsNotAddedToATypeInASetOrAMapKeyWhoseStoredKeysCouldNotBeReadBack() {
        node.execute("CREATE TYPE a (x int)");
        node.execute("CREATE TABLE t (k int PRIMARY KEY, s set<frozen<a>>, m map<frozen<a>, int>)");
        node.execute("INSERT INTO t (k, s, m) VALUES (0, {{x: 1}}, {{x: 2}: 20})");
        assertThatThrownBy(() -> node.execute("ALTER TYPE a ADD l list<int>")).isInstanceOf(CqlException.class)
                .hasMessage("Cairn cannot add a field to user type ks.a yet: it is used in the elements of a set or "
                        + "the keys of a map of the following tables: ks.t");
        assertThat(node.rows("SELECT s, m FROM t WHERE k = 0")).containsExactly(List.of("{{x: 1}}", "{{x: 2}: 20}"));
        // A type with a collection field is an element like any other, frozen all the way down.
        node.execute("CREATE TYPE b (x int, l list<int>)");
        node.execute("CREATE TABLE u (k int PRIMARY KEY, s set<frozen<b>>)");
        node.execute("INSERT INTO u (k, s) VALUES (0, {{x: 3, l: [1, 2]}, {x: 3}})");
        assertThat(node.rows("SELECT s FROM u WHERE k = 0")).containsExactly(List.of(
                "{{x: 3, l: null}, {x: 3, l: [1, 2]}}"));
    }

    @Test
    void aTypeWithACollectionFieldCanBeAKeyFrozenButNotAColumnNonFrozen() {
        node.execute("CREATE TYPE tags (names set<text>)");
        node.execute("CREATE TABLE byTags (t frozen<tags>, c frozen<tags>, v int, PRIMARY KEY (t, c))");
        node.execute("INSERT INTO byTags (t, c, v) VALUES ({names: {'b', 'a'}}, {names: {'z'}}, 1)");
        assertThat(node.rows("SELECT c, v FROM byTags WHERE t = {names: {'a', 'b'}}"))
                .containsExactly(List.of("{names: {'z'}}", "1"));
        assertThatThrownBy(() -> node.execute("CREATE TABLE open (k int PRIMARY KEY, t tags)"))
                .isInstanceOf(CqlException.class)
                .hasMessage("Non-frozen UDTs with nested non-frozen collections are not supported");
    }
}
