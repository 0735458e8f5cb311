package io.cairn.tools.shell;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatementSplitterTest {

    @Test
    void statementsEndAtSemicolonsOutsideStringsAndComments() {
        StatementSplitter splitter = new StatementSplitter();
        assertThat(splitter.feed("INSERT INTO t (k, v) VALUES (1, 'a;b'); SELECT \"odd;name\" FROM t;"))
                .containsExactly("INSERT INTO t (k, v) VALUES (1, 'a;b')", "SELECT \"odd;name\" FROM t");
        assertThat(splitter.isPending()).isFalse();
    }

    @Test
    void statementsSpanLinesAndCommentsAreDropped() {
        StatementSplitter splitter = new StatementSplitter();
        assertThat(splitter.feed("SELECT * -- a comment; not the end")).isEmpty();
        assertThat(splitter.isPending()).isTrue();
        assertThat(splitter.feed("FROM t /* block ; comment */ WHERE k = 1")).isEmpty();
        assertThat(splitter.feed(";")).containsExactly("SELECT *  FROM t  WHERE k = 1");
    }

    @Test
    void quotedNewlinesAndDollarStringsAreKept() {
        StatementSplitter splitter = new StatementSplitter();
        assertThat(splitter.feed("INSERT INTO t (k, v) VALUES (1, 'line one")).isEmpty();
        assertThat(splitter.feed("line two; still quoted');")).containsExactly(
                "INSERT INTO t (k, v) VALUES (1, 'line one\nline two; still quoted')");
        assertThat(splitter.feed("SELECT $$a;b$$ FROM t;")).containsExactly("SELECT $$a;b$$ FROM t");
    }

    @Test
    void aBatchIsOneStatementWithItsInnerSemicolons() {
        StatementSplitter splitter = new StatementSplitter();
        assertThat(splitter.feed("BEGIN BATCH INSERT INTO t (k) VALUES (1); INSERT INTO t (k) VALUES (2);")).isEmpty();
        assertThat(splitter.feed("apply batch; SELECT 1;")).containsExactly(
                "BEGIN BATCH INSERT INTO t (k) VALUES (1); INSERT INTO t (k) VALUES (2); apply batch", "SELECT 1");
    }

    @Test
    void anEndlessStatementIsRefusedNotBuffered() {
        StatementSplitter splitter = new StatementSplitter();
        String chunk = "x".repeat(1 << 16);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 20; i++) {
                splitter.feed(chunk);
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than");
        assertThat(splitter.isPending()).isFalse();
        assertThat(splitter.feed("SELECT 1;")).isEqualTo(List.of("SELECT 1"));
    }
}
