package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.cairn.server.CairnNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the Java driver 4 sees of keys written with their columns out of order, of ORDER BY
 * across the partitions of an IN (paged: refused; unpaged: merged), and of partitions that
 * hold only static columns.
 */
class JavaDriverKeysAndOrderTest {

    @TempDir
    static Path directory;

    private static CairnNode node;

    @BeforeAll
    static void startNode() {
        node = TestNodes.startSingleWithKeyspace(directory, "drv");
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    /** A session in {@code keyspace} whose requests use pages of {@code pageSize} rows; 0 asks for no paging. */
    private static CqlSession session(String keyspace, int pageSize) {
        return CqlSession.builder().addContactPoint(node.nativeAddress()).withLocalDatacenter("datacenter1")
                .withKeyspace(keyspace)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                        .withInt(DefaultDriverOption.REQUEST_PAGE_SIZE, pageSize).build())
                .build();
    }

    @Test
    void compoundKeyBoundOutOfOrderIsFoundByItsKeyAndDecodedFromAScan() {
        try (CqlSession session = session("drv", 100)) {
            session.execute("CREATE TABLE keys (p1 int, p2 text, p3 int, c int, v int, PRIMARY KEY ((p1, p2, p3), c))");
            PreparedStatement insert = session.prepare("INSERT INTO keys (v, c, p3, p2, p1) VALUES (?, ?, ?, ?, ?)");
            session.execute(insert.bind(5, 4, 3, "b", 1));
            session.execute("INSERT INTO keys (v, c, p3, p2, p1) VALUES (6, 4, 30, 'bb', 10)");

            List<String> scanned = new ArrayList<>();
            for (Row row : session.execute("SELECT p1, p2, p3, c, v FROM keys")) {
                scanned.add(row.getInt("p1") + "/" + row.getString("p2") + "/" + row.getInt("p3") + "/"
                        + row.getInt("c") + "/" + row.getInt("v"));
            }
            assertThat(scanned).containsExactlyInAnyOrder("1/b/3/4/5", "10/bb/30/4/6");
            PreparedStatement select = session.prepare("SELECT v FROM keys WHERE p3 = ? AND p2 = ? AND p1 = ?");
            assertThat(session.execute(select.bind(3, "b", 1)).one().getInt("v")).isEqualTo(5);
            assertThat(session.execute("SELECT v FROM keys WHERE p1 = 10 AND p2 = 'bb' AND p3 = 30").one()
                    .getInt("v")).isEqualTo(6);
        }
    }

    @Test
    void orderByAcrossPartitionsIsRefusedWhenPagedAndMergedWhenNot() {
        try (CqlSession paged = session("drv", 100); CqlSession unpaged = session("drv", 0)) {
            paged.execute("CREATE TABLE ordered (k int, c int, v int, PRIMARY KEY (k, c))");
            paged.execute("INSERT INTO ordered (k, c, v) VALUES (1, 1, 11)");
            paged.execute("INSERT INTO ordered (k, c, v) VALUES (1, 4, 14)");
            paged.execute("INSERT INTO ordered (k, c, v) VALUES (2, 2, 22)");
            paged.execute("INSERT INTO ordered (k, c, v) VALUES (2, 3, 23)");
            String query = "SELECT v FROM ordered WHERE k IN (1, 2) ORDER BY c DESC";

            assertThatThrownBy(() -> paged.execute(query)).isInstanceOf(InvalidQueryException.class)
                    .hasMessage("Cannot page queries with both ORDER BY and a IN restriction on the partition key; "
                            + "you must either remove the ORDER BY or the IN and sort client side, or disable paging "
                            + "for this query");
            List<Integer> values = new ArrayList<>();
            for (Row row : unpaged.execute(SimpleStatement.newInstance(query))) {
                values.add(row.getInt("v"));
            }
            assertThat(values).containsExactly(14, 23, 22, 11);
        }
    }

    @Test
    void staticOnlyPartitionIsOneRowWithNullClusteringAndRegularColumns() {
        try (CqlSession session = session("drv", 1)) {
            session.execute("CREATE TABLE statics (k int, c int, s text static, v int, PRIMARY KEY (k, c))");
            session.execute(session.prepare("INSERT INTO statics (k, s) VALUES (?, ?)").bind(1, "one"));
            session.execute("UPDATE statics SET s = 'two' WHERE k = 2");

            List<String> rows = new ArrayList<>();
            for (Row row : session.execute("SELECT * FROM statics")) {
                rows.add(row.getInt("k") + "/" + row.getObject("c") + "/" + row.getString("s") + "/"
                        + row.getObject("v"));
            }
            assertThat(rows).containsExactlyInAnyOrder("1/null/one/null", "2/null/two/null");
            assertThat(session.execute("SELECT count(*) FROM statics").one().getLong(0)).isEqualTo(2);
        }
    }
}
