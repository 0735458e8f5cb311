package io.cairn.node.query;

import io.cairn.cql.type.NativeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging: every row exactly once, in order, across pages of 100, even when rows are written
 * between pages (rows written behind the cursor are not seen; ahead of it they are).
 */
class PagingTest {

    private static final int ROWS = 10_000;
    private static final int PAGE = 100;

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int, c int, v int, PRIMARY KEY (k, c))");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** Reads every page of {@code cql}; before each page after the first, runs {@code between}. */
    private List<String> readAllPages(String cql, Runnable between) {
        List<String> seen = new ArrayList<>();
        ByteBuffer pagingState = null;
        int pages = 0;
        do {
            if (pages > 0) {
                between.run();
            }
            QueryResult.Rows page = (QueryResult.Rows) Await.result(node.processor.execute(cql,
                    QueryOptions.DEFAULT.withPaging(PAGE, pagingState), node.session));
            assertThat(page.rows().size()).isLessThanOrEqualTo(PAGE);
            for (List<ByteBuffer> row : page.rows()) {
                seen.add(NativeType.INT.compose(row.get(0)) + ":" + NativeType.INT.compose(row.get(1)));
            }
            pagingState = page.pagingState();
            pages++;
        } while (pagingState != null);
        return seen;
    }

    @Test
    void onePartitionPagesExactlyWithWritesInterleaved() {
        for (int c = 0; c < ROWS; c += 2) {
            node.execute("INSERT INTO t (k, c, v) VALUES (1, " + c + ", 0)");
        }
        int[] next = {1};
        List<String> seen = readAllPages("SELECT k, c FROM t WHERE k = 1", () -> {
            // An odd clustering key ahead of every cursor position: each must be seen.
            node.execute("INSERT INTO t (k, c, v) VALUES (1, " + (ROWS + next[0]) + ", 0)");
            next[0] += 2;
        });
        List<String> expected = new ArrayList<>();
        for (int c = 0; c < ROWS; c += 2) {
            expected.add("1:" + c);
        }
        for (int c = 1; c < next[0]; c += 2) {
            expected.add("1:" + (ROWS + c));
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void reversedPagesAndInListsPageAcrossPartitions() {
        for (int i = 0; i < ROWS; i++) {
            node.execute("INSERT INTO t (k, c, v) VALUES (" + (i % 4) + ", " + i + ", 0)");
        }
        List<String> reversed = readAllPages("SELECT k, c FROM t WHERE k = 2 ORDER BY c DESC", () -> { });
        assertThat(reversed).hasSize(ROWS / 4);
        assertThat(reversed.get(0)).isEqualTo("2:" + (ROWS - 2));
        assertThat(reversed.get(reversed.size() - 1)).isEqualTo("2:2");
        List<String> in = readAllPages("SELECT k, c FROM t WHERE k IN (3, 1)", () -> { });
        assertThat(in).hasSize(ROWS / 2).doesNotHaveDuplicates();
        assertThat(in.get(0)).isEqualTo("1:1");
        assertThat(in.get(in.size() - 1)).isEqualTo("3:" + (ROWS - 1));
    }

    @Test
    void fullScanPagesEveryRowOnceWithWritesBehindTheCursorUnseen() {
        for (int i = 0; i < ROWS; i++) {
            node.execute("INSERT INTO t (k, c, v) VALUES (" + (i % 50) + ", " + i + ", 0)");
        }
        List<String> seen = readAllPages("SELECT k, c FROM t", () -> { });
        assertThat(seen).hasSize(ROWS).doesNotHaveDuplicates();
        List<String> limited = readAllPages("SELECT k, c FROM t LIMIT 250", () -> { });
        assertThat(limited).containsExactlyElementsOf(seen.subList(0, 250));
        List<String> perPartition = readAllPages("SELECT k, c FROM t PER PARTITION LIMIT 3", () -> { });
        assertThat(perPartition).hasSize(150).doesNotHaveDuplicates();
        List<String> upperHalf = readAllPages("SELECT k, c FROM t WHERE token(k) > 0", () -> { });
        List<String> lowerHalf = readAllPages("SELECT k, c FROM t WHERE token(k) <= 0", () -> { });
        assertThat(lowerHalf.size() + upperHalf.size()).isEqualTo(ROWS);
        List<String> halves = new ArrayList<>(lowerHalf);
        halves.addAll(upperHalf);
        assertThat(halves).containsExactlyElementsOf(seen);
    }
}
