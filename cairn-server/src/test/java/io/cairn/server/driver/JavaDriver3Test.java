package io.cairn.server.driver;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import io.cairn.server.CairnNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java driver 3.0.0 with its defaults runs the statements YCSB's Cassandra binding issues:
 * prepared INSERT, SELECT, UPDATE, DELETE and a {@code token(key) >= token(?) LIMIT ?} scan.
 */
class JavaDriver3Test {

    @TempDir
    Path directory;

    @Test
    void ycsbStatementsWorkThroughDriver3() {
        try (CairnNode node = TestNodes.startSingle(directory);
             Cluster cluster = Cluster.builder().addContactPoint("127.0.0.1")
                     .withPort(node.nativeAddress().getPort())
                     // Only because this test's classpath also holds driver 4's Metrics 4, which moved the
                     // JMX reporter out of metrics-core; everything else is the driver's default.
                     .withoutJMXReporting().build();
             Session session = cluster.connect()) {
            assertThat(cluster.getMetadata().getClusterName()).isEqualTo("Test Cluster");
            session.execute("CREATE KEYSPACE ycsb WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 1}");
            session.execute("CREATE TABLE ycsb.usertable (y_id varchar PRIMARY KEY, field0 varchar, field1 varchar)");
            assertThat(cluster.getMetadata().getKeyspace("ycsb").getTable("usertable")).isNotNull();

            PreparedStatement insert = session.prepare(
                    "INSERT INTO ycsb.usertable (y_id, field0, field1) VALUES (?, ?, ?)");
            for (int i = 0; i < 20; i++) {
                session.execute(insert.bind("user" + i, "a" + i, "b" + i));
            }
            PreparedStatement read = session.prepare("SELECT field0, field1 FROM ycsb.usertable WHERE y_id = ? LIMIT 1");
            Row row = session.execute(read.bind("user3")).one();
            assertThat(row.getString("field0")).isEqualTo("a3");

            PreparedStatement update = session.prepare("UPDATE ycsb.usertable SET field0 = ? WHERE y_id = ?");
            session.execute(update.bind("changed", "user3"));
            assertThat(session.execute(read.bind("user3")).one().getString("field0")).isEqualTo("changed");

            PreparedStatement delete = session.prepare("DELETE FROM ycsb.usertable WHERE y_id = ?");
            session.execute(delete.bind("user4"));
            assertThat(session.execute(read.bind("user4")).one()).isNull();

            PreparedStatement scan = session.prepare(
                    "SELECT * FROM ycsb.usertable WHERE token(y_id) >= token(?) LIMIT ?");
            ResultSet scanned = session.execute(scan.bind("user7", 5));
            List<String> keys = new ArrayList<>();
            for (Row r : scanned) {
                keys.add(r.getString("y_id"));
            }
            assertThat(keys).hasSize(5).startsWith("user7");
        }
    }
}
