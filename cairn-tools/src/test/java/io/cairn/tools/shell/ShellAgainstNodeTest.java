package io.cairn.tools.shell;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cairn.server.CairnNode;
import io.cairn.server.config.ConfigLoader;
import io.cairn.server.config.NodeConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell against a real node: tables, errors, DESCRIBE producing CQL that recreates the table. */
class ShellAgainstNodeTest {

    @TempDir
    static Path home;

    private static CairnNode node;
    private static CqlSession session;

    @BeforeAll
    static void start() {
        NodeConfig defaults = ConfigLoader.defaults(home);
        node = CairnNode.start(new NodeConfig(defaults.clusterName(), defaults.dataDirectory(), defaults.logDirectory(),
                "127.0.0.1", 0, "127.0.0.1", 0, List.of(), 4, "datacenter1", "rack1", defaults.commitLogSync(),
                10_000, defaults.maxNativeFrameBytes(), 1024, 16_384));
        session = CqlSession.builder().addContactPoint(node.nativeAddress()).withLocalDatacenter("datacenter1").build();
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void runsAScriptPrintsTablesAndDescribesRecreatableCql() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Shell shell = new Shell(session, new PrintWriter(out), new PrintWriter(err), null);
        boolean ok = shell.runScript(List.of(
                "CREATE KEYSPACE shell_ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};",
                "CREATE TABLE shell_ks.t (id int, at int, name text, PRIMARY KEY (id, at))",
                "  WITH CLUSTERING ORDER BY (at DESC) AND comment = 'for tests';",
                "INSERT INTO shell_ks.t (id, at, name) VALUES (1, 10, 'it''s');",
                "SELECT * FROM shell_ks.t;",
                "DESCRIBE TABLE shell_ks.t;"));
        assertThat(err.toString()).isEmpty();
        assertThat(ok).isTrue();
        assertThat(out.toString()).contains(" id | at | name", "  1 | 10 | it's", "(1 rows)")
                .contains("CREATE TABLE shell_ks.t (", "PRIMARY KEY (id, at)", "CLUSTERING ORDER BY (at DESC)",
                        "comment = 'for tests'");
        String describe = out.toString().substring(out.toString().indexOf("CREATE TABLE"));
        session.execute("DROP TABLE shell_ks.t");
        session.execute(describe.trim().replace(";", ""));
        assertThat(session.execute("SELECT comment FROM system_schema.tables WHERE keyspace_name = 'shell_ks' "
                + "AND table_name = 't'").one().getString("comment")).isEqualTo("for tests");
    }

    @Test
    void timestampsShowAsCqlshShowsThemAlsoBeforeTheGregorianReform() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Shell shell = new Shell(session, new PrintWriter(out), new PrintWriter(err), null);
        boolean ok = shell.runScript(List.of(
                "CREATE KEYSPACE shell_ts WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};",
                "CREATE TABLE shell_ts.t (id int PRIMARY KEY, at timestamp);",
                "INSERT INTO shell_ts.t (id, at) VALUES (1, '1500-01-02 00:00:00+0000');",
                "INSERT INTO shell_ts.t (id, at) VALUES (2, '2024-01-02 03:04:05.678+0000');",
                "SELECT id, at FROM shell_ts.t WHERE id IN (1, 2);"));
        assertThat(err.toString()).isEmpty();
        assertThat(ok).isTrue();
        assertThat(out.toString()).contains("1500-01-02 00:00:00.000000+0000", "2024-01-02 03:04:05.678000+0000");
    }

    @Test
    void errorsAreTheServersMessageAndFailTheScript() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Shell shell = new Shell(session, new PrintWriter(out), new PrintWriter(err), null);
        assertThat(shell.runScript(List.of("SELECT * FROM no_such_keyspace.t;"))).isFalse();
        assertThat(err.toString()).contains("InvalidQuery: keyspace no_such_keyspace does not exist");
    }
}
