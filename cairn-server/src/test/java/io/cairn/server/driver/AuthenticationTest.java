package io.cairn.server.driver;

import com.datastax.driver.core.Cluster;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.UnauthorizedException;
import io.cairn.server.CairnNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node with {@code authenticator: PasswordAuthenticator}, through unmodified drivers (Java
 * driver 4 and 3.0, with their PlainTextAuthProvider): the first superuser logs in, a wrong
 * password or an unknown role is refused with an authentication error, roles are created,
 * altered, listed and dropped with Cassandra's statements and rules, a role that is not a
 * superuser is refused what only superusers may do, and each statement needs the permissions
 * of its role (CassandraAuthorizer, the default with PasswordAuthenticator).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class AuthenticationTest {

    private static final String SUPERUSER_PASSWORD = "first-secret";

    @TempDir
    static Path directory;

    private CairnNode node;

    /** One node for every test (each uses roles of its own): a node's start is most of a test's time. */
    @BeforeAll
    void start() {
        node = TestNodes.startSingleAuthenticating(directory, SUPERUSER_PASSWORD);
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private CqlSession login(String user, String password) {
        return session().withAuthCredentials(user, password).build();
    }

    /** A driver that closes at once (its default waits 2 s for its threads): the tests open many. */
    private com.datastax.oss.driver.api.core.CqlSessionBuilder session() {
        return CqlSession.builder().addContactPoint(node.nativeAddress()).withLocalDatacenter("datacenter1")
                .withConfigLoader(com.datastax.oss.driver.api.core.config.DriverConfigLoader.programmaticBuilder()
                        .withInt(com.datastax.oss.driver.api.core.config.DefaultDriverOption
                                .NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                        .withInt(com.datastax.oss.driver.api.core.config.DefaultDriverOption
                                .NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                        .build());
    }

    @Test
    void theFirstSuperuserLogsInAndWrongCredentialsAreRefused() {
        try (CqlSession session = login("cairn", SUPERUSER_PASSWORD)) {
            Row me = session.execute("LIST ROLES").all().stream()
                    .filter(row -> row.getString("role").equals("cairn")).findFirst().orElseThrow();
            assertThat(me.getString("role")).isEqualTo("cairn");
            assertThat(me.getBoolean("super")).isTrue();
            assertThat(me.getBoolean("login")).isTrue();
        }
        assertThatThrownBy(() -> login("cairn", "wrong").close()).isInstanceOf(AllNodesFailed.TYPE)
                .satisfies(e -> assertThat(AllNodesFailed.causes(e)).anyMatch(AuthenticationException.class::isInstance)
                        .anySatisfy(cause -> assertThat(cause).hasMessageContaining("incorrect")));
        assertThatThrownBy(() -> login("nobody", "x").close()).isInstanceOf(AllNodesFailed.TYPE)
                .satisfies(e -> assertThat(AllNodesFailed.causes(e)).anyMatch(AuthenticationException.class::isInstance));
        assertThatThrownBy(() -> session().build().close())
                .as("a client without credentials cannot get in").isInstanceOf(AllNodesFailed.TYPE);
    }

    /**
     * A node whose clients log in admits only superusers to its admin endpoint: no credentials
     * are asked for (401 with a Basic challenge), wrong ones refused, another role forbidden (403),
     * and the superuser served, commands and metrics alike.
     */
    @Test
    void theAdminEndpointServesSuperusersOnly() throws Exception {
        grant("CREATE ROLE IF NOT EXISTS frank WITH PASSWORD = 'frank-pw' AND LOGIN = true");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI info = java.net.URI.create("http://" + node.adminAddress().getHostString() + ":"
                + node.adminAddress().getPort() + "/api/info");
        java.net.URI metrics = info.resolve("/metrics");
        java.util.function.BiFunction<java.net.URI, String, java.net.http.HttpResponse<String>> get = (uri, login) -> {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(uri);
            if (login != null) {
                request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        login.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            try {
                return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        java.net.http.HttpResponse<String> anonymous = get.apply(info, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic realm="));
        assertThat(get.apply(metrics, null).statusCode()).isEqualTo(401);
        assertThat(get.apply(info.resolve("/"), null).statusCode()).as("the dashboard").isEqualTo(401);
        assertThat(get.apply(info, "cairn:wrong").statusCode()).isEqualTo(401);
        assertThat(get.apply(info, "nobody:x").statusCode()).isEqualTo(401);
        assertThat(get.apply(info, "not base64 at all").statusCode()).isEqualTo(401);
        java.net.http.HttpResponse<String> frank = get.apply(info, "frank:frank-pw");
        assertThat(frank.statusCode()).isEqualTo(403);
        assertThat(frank.body()).contains("not a superuser");
        java.net.http.HttpResponse<String> superuser = get.apply(info, "cairn:" + SUPERUSER_PASSWORD);
        assertThat(superuser.statusCode()).as(superuser.body()).isEqualTo(200);
        assertThat(superuser.body()).contains("host_id");
        java.net.http.HttpResponse<String> scraped = get.apply(metrics, "cairn:" + SUPERUSER_PASSWORD);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("cairn_client_request_seconds");
        assertThat(get.apply(info.resolve("/"), "cairn:" + SUPERUSER_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void rolesAreManagedWithCassandrasStatementsAndRules() {
        try (CqlSession admin = login("cairn", SUPERUSER_PASSWORD)) {
            admin.execute("CREATE ROLE alice WITH PASSWORD = 'alice-pw' AND LOGIN = true");
            admin.execute("CREATE ROLE IF NOT EXISTS alice WITH PASSWORD = 'ignored' AND LOGIN = true");
            assertThatThrownBy(() -> admin.execute("CREATE ROLE alice WITH LOGIN = true"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("alice already exists");
            admin.execute("CREATE USER bob WITH PASSWORD 'bob-pw' NOSUPERUSER");
            admin.execute("CREATE ROLE reader");
            assertThat(admin.execute("LIST ROLES").all()).extracting(row -> row.getString("role"))
                    .contains("alice", "bob", "cairn", "reader").isSorted();
            assertThat(admin.execute("LIST USERS").all()).extracting(row -> row.getString("name"))
                    .as("the roles that can log in").contains("alice", "bob", "cairn").doesNotContain("reader");
            assertThatThrownBy(() -> admin.execute("DROP ROLE cairn"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("current login");
            assertThatThrownBy(() -> admin.execute("ALTER ROLE cairn WITH SUPERUSER = false"))
                    .isInstanceOf(UnauthorizedException.class).hasMessageContaining("your own superuser status");
            assertThatThrownBy(() -> admin.execute("ALTER ROLE ghost WITH LOGIN = true"))
                    .isInstanceOf(InvalidQueryException.class).hasMessageContaining("ghost doesn't exist");
            admin.execute("ALTER ROLE IF EXISTS ghost WITH LOGIN = true");
            admin.execute("DROP ROLE IF EXISTS ghost");
            assertThatThrownBy(() -> admin.execute("CREATE ROLE x WITH COLOR = 'blue'"))
                    .hasMessageContaining("Invalid role option");
        }
        try (CqlSession alice = login("alice", "alice-pw")) {
            assertThat(alice.execute("LIST ROLES").all()).extracting(row -> row.getString("role"))
                    .as("a role that is not a superuser sees the roles granted to it").containsExactly("alice");
            assertThatThrownBy(() -> alice.execute("CREATE ROLE mallory WITH SUPERUSER = true AND LOGIN = true"))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> alice.execute("ALTER ROLE alice WITH SUPERUSER = true"))
                    .as("no role makes itself a superuser").isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> alice.execute("ALTER ROLE bob WITH PASSWORD = 'stolen'"))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> alice.execute("DROP ROLE bob")).isInstanceOf(UnauthorizedException.class);
            alice.execute("ALTER ROLE alice WITH PASSWORD = 'alice-new'");
        }
        assertThatThrownBy(() -> login("alice", "alice-pw").close()).as("the old password no longer works")
                .isInstanceOf(AllNodesFailed.TYPE);
        login("alice", "alice-new").close();
        try (CqlSession admin = login("cairn", SUPERUSER_PASSWORD)) {
            admin.execute("ALTER ROLE alice WITH LOGIN = false");
            assertThatThrownBy(() -> login("alice", "alice-new").close()).as("a role without LOGIN cannot log in")
                    .isInstanceOf(AllNodesFailed.TYPE);
            admin.execute("DROP USER bob");
            assertThatThrownBy(() -> login("bob", "bob-pw").close()).as("a dropped role cannot log in")
                    .isInstanceOf(AllNodesFailed.TYPE);
        }
    }

    @Test
    void eachStatementNeedsThePermissionsOfItsRole() {
        try (CqlSession admin = login("cairn", SUPERUSER_PASSWORD)) {
            admin.execute("CREATE ROLE dave WITH PASSWORD = 'dave-pw' AND LOGIN = true");
            admin.execute("CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 1}");
            admin.execute("CREATE TABLE shop.orders (id int PRIMARY KEY, item text)");
            admin.execute("INSERT INTO shop.orders (id, item) VALUES (1, 'tea')");
            try (CqlSession dave = login("dave", "dave-pw")) {
                daveMay(admin, dave);
            }
        }
    }

    /** What dave, a role that is not a superuser, may do as the superuser grants and revokes. */
    private void daveMay(CqlSession admin, CqlSession dave) {
        assertThat(dave.getMetadata().getKeyspace("shop")).as("the schema is everyone's to read").isPresent();
        assertThatThrownBy(() -> dave.execute("SELECT item FROM shop.orders WHERE id = 1"))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("User dave has no SELECT permission on <table shop.orders> or any of its parents");
        admin.execute("GRANT SELECT ON KEYSPACE shop TO dave");
        assertThat(dave.execute("SELECT item FROM shop.orders WHERE id = 1").one().getString(0)).isEqualTo("tea");
        com.datastax.oss.driver.api.core.cql.PreparedStatement insert =
                dave.prepare("INSERT INTO shop.orders (id, item) VALUES (?, ?)");
        assertThatThrownBy(() -> dave.execute(insert.bind(2, "cake")))
                .as("a prepared statement is checked when it runs").isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("no MODIFY permission on <table shop.orders>");
        assertThatThrownBy(() -> dave.execute(com.datastax.oss.driver.api.core.cql.BatchStatement.newInstance(
                com.datastax.oss.driver.api.core.cql.DefaultBatchType.LOGGED, insert.bind(3, "jam"))))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> dave.execute("TRUNCATE shop.orders")).isInstanceOf(UnauthorizedException.class);
        admin.execute("GRANT MODIFY ON TABLE shop.orders TO dave");
        dave.execute(insert.bind(2, "cake"));
        assertThat(dave.execute("INSERT INTO shop.orders (id, item) VALUES (4, 'pie') IF NOT EXISTS")
                .wasApplied()).isTrue();
        assertThatThrownBy(() -> dave.execute("DROP TABLE shop.orders")).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("no DROP permission on <table shop.orders>");
        assertThatThrownBy(() -> dave.execute("CREATE KEYSPACE mine WITH replication = {'class': "
                + "'SimpleStrategy', 'replication_factor': 1}")).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("no CREATE permission on <all keyspaces>");
        assertThatThrownBy(() -> dave.execute("GRANT SELECT ON KEYSPACE shop TO alice"))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining("AUTHORIZE");

        admin.execute("GRANT CREATE ON ALL KEYSPACES TO dave");
        dave.execute("CREATE KEYSPACE mine WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 1}");
        dave.execute("CREATE TABLE mine.notes (id int PRIMARY KEY, body text)");
        dave.execute("INSERT INTO mine.notes (id, body) VALUES (1, 'mine')");
        assertThat(dave.execute("SELECT body FROM mine.notes WHERE id = 1").one().getString(0))
                .as("a creator may use what it created").isEqualTo("mine");
        assertThat(dave.execute("LIST ALL PERMISSIONS OF dave").all())
                .extracting(row -> row.getString("resource") + " " + row.getString("permission"))
                .contains("<keyspace mine> CREATE", "<keyspace mine> DROP", "<table mine.notes> MODIFY",
                        "<keyspace shop> SELECT", "<table shop.orders> MODIFY", "<all keyspaces> CREATE");
        dave.execute("DROP KEYSPACE mine");

        admin.execute("REVOKE SELECT ON KEYSPACE shop FROM dave");
        assertThatThrownBy(() -> dave.execute("SELECT item FROM shop.orders WHERE id = 1"))
                .as("a revoke holds at once on the node").isInstanceOf(UnauthorizedException.class);
    }

    private void grant(String cql) {
        try (CqlSession admin = login("cairn", SUPERUSER_PASSWORD)) {
            admin.execute(cql);
        }
    }

    /**
     * Last: the node comes back on another storage port (the tests take free ones), so it is no
     * longer the metadata replica its log names and can change no role or permission after.
     */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void rolesAndTheirPasswordsSurviveARestart() {
        try (CqlSession admin = login("cairn", SUPERUSER_PASSWORD)) {
            admin.execute("CREATE ROLE carol WITH PASSWORD = 'carol-pw' AND LOGIN = true");
        }
        node.close();
        node = TestNodes.startSingleAuthenticating(directory, "not-used-now");
        login("carol", "carol-pw").close();
        login("cairn", SUPERUSER_PASSWORD).close();
    }

    @Test
    void javaDriver3LogsInWithItsPlainTextAuthProvider() {
        grant("CREATE ROLE IF NOT EXISTS erin WITH PASSWORD = 'erin-pw' AND LOGIN = true");
        try (Cluster cluster = driver3("cairn", SUPERUSER_PASSWORD)) {
            assertThat(cluster.connect().execute("SELECT release_version FROM system.local").one()).isNotNull();
        }
        try (Cluster cluster = driver3("cairn", "wrong")) {
            assertThatThrownBy(cluster::connect).isInstanceOf(
                    com.datastax.driver.core.exceptions.AuthenticationException.class);
        }
        try (Cluster cluster = driver3("erin", "erin-pw")) {
            com.datastax.driver.core.Session erin = cluster.connect();
            assertThatThrownBy(() -> erin.execute("CREATE KEYSPACE erin WITH replication = {'class': "
                    + "'SimpleStrategy', 'replication_factor': 1}"))
                    .isInstanceOf(com.datastax.driver.core.exceptions.UnauthorizedException.class)
                    .hasMessageContaining("no CREATE permission on <all keyspaces>");
        }
    }

    /** Java driver 3.0, closing at once (its default waits for its threads to be quiet for 2 s). */
    private Cluster driver3(String user, String password) {
        return Cluster.builder().addContactPoint("127.0.0.1").withPort(node.nativeAddress().getPort())
                .withCredentials(user, password).withoutJMXReporting()
                .withNettyOptions(new com.datastax.driver.core.NettyOptions() {
                    @Override
                    public void onClusterClose(com.datastax.shaded.netty.channel.EventLoopGroup eventLoopGroup) {
                        eventLoopGroup.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS)
                                .syncUninterruptibly();
                    }
                }).build();
    }

    /** What the Java driver 4 throws when it could not connect to any node, and why each failed. */
    static final class AllNodesFailed {
        static final Class<com.datastax.oss.driver.api.core.AllNodesFailedException> TYPE =
                com.datastax.oss.driver.api.core.AllNodesFailedException.class;

        static List<Throwable> causes(Throwable e) {
            return ((com.datastax.oss.driver.api.core.AllNodesFailedException) e).getAllErrors().values().stream()
                    .flatMap(List::stream).toList();
        }
    }
}
