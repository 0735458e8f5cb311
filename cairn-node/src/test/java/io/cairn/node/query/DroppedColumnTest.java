package io.cairn.node.query;

import io.cairn.cql.parser.StatementParser;
import io.cairn.node.schema.SchemaManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ALTER TABLE DROP: the drop is recorded, and what was written before it never reads again. */
class DroppedColumnTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int, c int, n int, s int STATIC, l list<int>, PRIMARY KEY (k, c))");
        node.execute("INSERT INTO t (k, c, n, s, l) VALUES (1, 1, 5, 7, [1, 2])");
        node.execute("INSERT INTO t (k, c, n) VALUES (1, 2, 6)");
        tick();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void tick() {
        node.clock.advance(Duration.ofMillis(5));
    }

    private static List<String> row(String... values) {
        return List.of(values);
    }

    @Test
    void aColumnAddedBackAfterADropDoesNotShowItsOldValues() {
        node.execute("ALTER TABLE t DROP n");
        node.execute("ALTER TABLE t DROP s");
        node.execute("ALTER TABLE t DROP l");
        node.execute("ALTER TABLE t ADD n int");
        node.execute("ALTER TABLE t ADD s int STATIC");
        node.execute("ALTER TABLE t ADD l list<int>");
        assertThat(node.rows("SELECT * FROM t")).containsExactly(row("1", "1", "null", "null", "null"),
                row("1", "2", "null", "null", "null"));
        tick();
        node.execute("INSERT INTO t (k, c, n) VALUES (1, 3, 9)");
        node.execute("UPDATE t SET l = l + [3] WHERE k = 1 AND c = 1");
        assertThat(node.rows("SELECT c, n, l FROM t WHERE k = 1")).containsExactly(row("1", "null", "[3]"),
                row("2", "null", "null"), row("3", "9", "null"));
    }

    @Test
    void rowsAndPartitionsWhoseOnlyDataWasDroppedAreGone() {
        node.execute("CREATE TABLE lv (k int, c int, n int, v int, s int STATIC, PRIMARY KEY (k, c))");
        node.execute("UPDATE lv SET n = 1 WHERE k = 1 AND c = 1");
        node.execute("UPDATE lv SET s = 1 WHERE k = 2");
        node.execute("INSERT INTO lv (k, c, v) VALUES (3, 1, 1)");
        node.execute("UPDATE lv SET s = 1 WHERE k = 3");
        tick();
        node.execute("ALTER TABLE lv DROP (n, s)");
        assertThat(node.rows("SELECT * FROM lv")).containsExactly(row("3", "1", "1"));
        assertThat(node.rows("SELECT k FROM lv")).containsExactly(row("3"));
        assertThat(node.rows("SELECT count(*) FROM lv")).containsExactly(row("1"));
        assertThat(node.rows("SELECT k, c FROM lv WHERE k = 1")).isEmpty();
    }

    @Test
    void listElementsWrittenBeforeTheDropAreNotSetByIndex() {
        node.execute("ALTER TABLE t DROP l");
        node.execute("ALTER TABLE t ADD l list<int>");
        tick();
        // Cassandra says "Attempted to set an element on a list which is null": the list is empty either way.
        assertThatThrownBy(() -> node.execute("UPDATE t SET l[0] = 9 WHERE k = 1 AND c = 1"))
                .isInstanceOf(io.cairn.cql.error.CqlException.class);
        assertThat(node.rows("SELECT l FROM t WHERE k = 1 AND c = 1")).containsExactly(row("null"));
    }

    @Test
    void writesTimestampedAtOrBeforeTheDropStayHidden() {
        node.execute("ALTER TABLE t DROP n");
        node.execute("ALTER TABLE t ADD n int");
        long dropMicros = node.clock.currentTimeMicros();
        node.execute("INSERT INTO t (k, c, n) VALUES (1, 1, 9) USING TIMESTAMP " + (dropMicros - 1_000));
        node.execute("INSERT INTO t (k, c, n) VALUES (1, 2, 9) USING TIMESTAMP " + (dropMicros + 10_000));
        assertThat(node.rows("SELECT c, n FROM t WHERE k = 1")).containsExactly(row("1", "null"), row("2", "9"));
    }

    @Test
    void theDropIsRecordedInSystemSchemaUntilTheTableIsDropped() {
        node.execute("ALTER TABLE t DROP (n, s)");
        assertThat(node.rows("SELECT table_name, column_name, kind, type, dropped_time FROM "
                + "system_schema.dropped_columns WHERE keyspace_name = 'ks'")).containsExactly(
                row("'t'", "'n'", "'regular'", "'int'", "'2023-11-14 22:13:20.005+0000'"),
                row("'t'", "'s'", "'static'", "'int'", "'2023-11-14 22:13:20.005+0000'"));
        node.execute("DROP TABLE t");
        assertThat(node.rows("SELECT column_name FROM system_schema.dropped_columns WHERE keyspace_name = 'ks'"))
                .isEmpty();
    }

    @Test
    void aDroppedColumnComesBackOnlyWithATypeThatReadsItsOldValues() {
        node.execute("ALTER TABLE t DROP (n, s, l)");
        assertThatThrownBy(() -> node.execute("ALTER TABLE t ADD n text"))
                .hasMessage("Cannot add a column 'n' of type text, incompatible with previously dropped column 'n' "
                        + "of type int");
        assertThatThrownBy(() -> node.execute("ALTER TABLE t ADD n bigint"))
                .hasMessage("Cannot add a column 'n' of type bigint, incompatible with previously dropped column 'n' "
                        + "of type int");
        assertThatThrownBy(() -> node.execute("ALTER TABLE t ADD l frozen<list<int>>"))
                .hasMessage("Cannot add a column 'l' of type frozen<list<int>>, incompatible with previously dropped "
                        + "column 'l' of type list<int>");
        assertThatThrownBy(() -> node.execute("ALTER TABLE t ADD s int"))
                .hasMessage("Cannot re-add previously dropped column 's' of kind REGULAR, incompatible with previous "
                        + "kind STATIC");
        node.execute("CREATE TABLE u (k int PRIMARY KEY, a ascii, b bigint)");
        node.execute("ALTER TABLE u DROP (a, b)");
        node.execute("ALTER TABLE u ADD (a text, b timestamp)");
    }

    @Test
    void thePurgeSweepDropsTheCellsOfADroppedColumn() {
        node.execute("ALTER TABLE t DROP n");
        node.execute("ALTER TABLE t ADD n int");
        io.cairn.storage.TableId table = node.schema.current().table("ks", "t").tableId();

        assertThat(node.storage.purge(table).purgedShadowed()).isEqualTo(2);
        assertThat(node.rows("SELECT c, n FROM t WHERE k = 1")).containsExactly(row("1", "null"), row("2", "null"));
    }

    @Test
    void droppedColumnsSurviveARestartAndReachOtherNodes() {
        node.execute("ALTER TABLE t DROP n");
        node.execute("ALTER TABLE t ADD n int");
        SchemaManager restarted = new SchemaManager(node.storage, node.clock, new SplittableRandom(3),
                new StatementParser());
        restarted.start();
        assertThat(restarted.current().table("ks", "t")).isEqualTo(node.schema.current().table("ks", "t"));
        assertThat(restarted.current().version()).isEqualTo(node.schema.current().version());

        NodeFixture other = new NodeFixture();
        try {
            other.schema.follow(node.schema.userSchema(), 1, null);
            assertThat(other.schema.current().table("ks", "t").droppedColumns())
                    .isEqualTo(node.schema.current().table("ks", "t").droppedColumns())
                    .containsKey("n");
            assertThat(other.schema.current().version()).isEqualTo(node.schema.current().version());
            io.cairn.storage.TableId table = node.schema.current().table("ks", "t").tableId();
            assertThat(other.storage.options(table)).isEqualTo(node.storage.options(table));
            assertThat(other.storage.options(table).droppedColumns()).containsKey("n");
        } finally {
            other.close();
        }
    }
}
