package io.cairn.node.auth;

import io.cairn.cql.ast.AuthResource;
import io.cairn.cql.ast.Permission;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.metadata.ChangeRole;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.RoleRecord;
import io.cairn.node.metadata.SchemaFixtures;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CassandraAuthorizer's rules over the cluster metadata log: what a role may do with the
 * permissions granted to it and to the roles granted to it, who may grant what, and the
 * privilege escalations Cassandra had to close.
 */
class AuthorizationRulesTest {

    private final LocalMetadataLog metadata = new LocalMetadataLog(null);
    private final RoleAuthorizer authorizer = new RoleAuthorizer(metadata::current, metadata::commit);
    private final RoleManager roles = new RoleManager(metadata::current, metadata::commit, new Passwords(new RandomGenerator() {
        private final SplittableRandom random = new SplittableRandom(5);

        @Override
        public long nextLong() {
            return random.nextLong();
        }
    }), authorizer);
    private final StatementParser parser = new StatementParser();

    @BeforeEach
    void cluster() {
        SchemaFixtures ddl = new SchemaFixtures();
        ddl.run("CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        ddl.run("CREATE TABLE shop.orders (id int PRIMARY KEY, item text)");
        ddl.run("CREATE TABLE shop.stock (item text PRIMARY KEY, count int)");
        ddl.run("CREATE KEYSPACE hr WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        ddl.run("CREATE TABLE hr.pay (who text PRIMARY KEY, amount int)");
        metadata.set(ClusterMetadata.empty("c", ddl.schema()));
        for (String name : List.of("cairn", "alice", "bob", "carol")) {
            metadata.commit(snapshot -> new ChangeRole(ChangeRole.Op.CREATE,
                    new RoleRecord(name, name.equals("cairn"), true, null, new TreeSet<>())));
        }
    }

    /** Runs a role or permission statement as {@code role}; returns its result, or throws its error. */
    private QueryResult run(String cql, String role) {
        try {
            return roles.execute(parser.parse(cql).statement(), new ClientSession("shop", role), "shop").toCompletableFuture()
                    .join();
        } catch (java.util.concurrent.CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private void refused(String cql, String role, ErrorCode code, String message) {
        assertThatThrownBy(() -> run(cql, role)).as(cql).isInstanceOfSatisfying(CqlException.class,
                e -> assertThat(e.code()).isEqualTo(code)).hasMessageContaining(message);
    }

    private boolean may(String role, Permission permission, AuthResource resource) {
        try {
            authorizer.authorize(new ClientSession(null, role), permission, resource);
            return true;
        } catch (CqlException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            return false;
        }
    }

    private static final AuthResource ORDERS = AuthResource.table("shop", "orders");
    private static final AuthResource PAY = AuthResource.table("hr", "pay");

    @Test
    void aPermissionOnAResourceHoldsOnWhatIsUnderItAndNothingElse() {
        assertThat(may("alice", Permission.SELECT, ORDERS)).isFalse();
        run("GRANT SELECT ON KEYSPACE shop TO alice", "cairn");
        assertThat(may("alice", Permission.SELECT, ORDERS)).as("a keyspace's tables").isTrue();
        assertThat(may("alice", Permission.SELECT, AuthResource.table("shop", "stock"))).isTrue();
        assertThat(may("alice", Permission.MODIFY, ORDERS)).as("only what was granted").isFalse();
        assertThat(may("alice", Permission.SELECT, PAY)).as("another keyspace").isFalse();
        run("GRANT MODIFY ON ALL KEYSPACES TO alice", "cairn");
        assertThat(may("alice", Permission.MODIFY, PAY)).isTrue();
        assertThat(may("cairn", Permission.DROP, PAY)).as("a superuser may do everything").isTrue();
        assertThatThrownBy(() -> authorizer.authorize(new ClientSession(null, "bob"), Permission.SELECT, ORDERS))
                .hasMessage("User bob has no SELECT permission on <table shop.orders> or any of its parents");
        assertThatThrownBy(() -> authorizer.authorize(new ClientSession(), Permission.SELECT, ORDERS))
                .hasMessage("You have to be logged in and not anonymous to perform this request");
    }

    @Test
    void aRoleHoldsWhatTheRolesGrantedToItHoldAndLosesItWithTheGrant() {
        run("CREATE ROLE reader", "cairn");
        run("GRANT SELECT ON TABLE shop.orders TO reader", "cairn");
        run("GRANT reader TO bob", "cairn");
        assertThat(may("bob", Permission.SELECT, ORDERS)).isTrue();
        run("REVOKE reader FROM bob", "cairn");
        assertThat(may("bob", Permission.SELECT, ORDERS)).as("the next snapshot is worked out afresh").isFalse();
        run("GRANT reader TO bob", "cairn");
        run("REVOKE SELECT ON shop.orders FROM reader", "cairn");
        assertThat(may("bob", Permission.SELECT, ORDERS)).isFalse();
        run("GRANT cairn TO carol", "cairn");
        assertThat(may("carol", Permission.DROP, PAY)).as("a role granted a superuser is one").isTrue();
    }

    @Test
    void aGrantorNeedsAuthorizeAndEveryPermissionItGrants() {
        refused("GRANT SELECT ON KEYSPACE shop TO bob", "alice", ErrorCode.UNAUTHORIZED,
                "User alice has no AUTHORIZE permission on <keyspace shop> or any of its parents");
        run("GRANT AUTHORIZE, SELECT ON KEYSPACE shop TO alice", "cairn");
        run("GRANT SELECT ON TABLE orders TO bob", "alice");
        assertThat(may("bob", Permission.SELECT, ORDERS)).as("a table in the session's keyspace").isTrue();
        refused("GRANT MODIFY ON KEYSPACE shop TO bob", "alice", ErrorCode.UNAUTHORIZED,
                "User alice has no MODIFY permission on <keyspace shop> or any of its parents");
        refused("GRANT SELECT ON KEYSPACE hr TO bob", "alice", ErrorCode.UNAUTHORIZED, "AUTHORIZE");
        refused("REVOKE MODIFY ON KEYSPACE shop FROM bob", "alice", ErrorCode.UNAUTHORIZED, "MODIFY");
        refused("GRANT SELECT ON KEYSPACE shop TO nobody", "cairn", ErrorCode.INVALID, "Role nobody doesn't exist");
        refused("GRANT SELECT ON TABLE shop.ghost TO bob", "cairn", ErrorCode.INVALID,
                "Resource <table shop.ghost> doesn't exist");
        refused("GRANT MODIFY ON KEYSPACE system_schema TO bob", "cairn", ErrorCode.UNAUTHORIZED,
                "Granting permissions on system keyspaces is strictly limited");
        run("GRANT SELECT ON KEYSPACE system_schema TO bob", "cairn");
    }

    @Test
    void aRoleIsGrantedByWhoeverMayAuthorizeItButNeverInACircle() {
        run("CREATE ROLE reader", "cairn");
        refused("GRANT reader TO bob", "alice", ErrorCode.UNAUTHORIZED,
                "User alice does not have sufficient privileges to perform the requested operation");
        run("GRANT AUTHORIZE ON ROLE reader TO alice", "cairn");
        run("GRANT reader TO bob", "alice");
        refused("GRANT reader TO bob", "cairn", ErrorCode.INVALID, "bob is a member of reader");
        refused("GRANT bob TO reader", "cairn", ErrorCode.INVALID, "bob is a member of reader");
        refused("GRANT bob TO bob", "cairn", ErrorCode.INVALID, "bob is a member of bob");
        refused("REVOKE reader FROM carol", "cairn", ErrorCode.INVALID, "carol is not a member of reader");
        refused("GRANT ghost TO bob", "cairn", ErrorCode.INVALID, "ghost doesn't exist");
        assertThat(metadata.current().roles().get("bob").memberOf()).containsExactly("reader");
    }

    @Test
    void noRoleRaisesItselfOrAnotherAboveWhatItIs() {
        // alice may create, alter, drop and grant roles, and is no superuser.
        run("GRANT ALL ON ALL ROLES TO alice", "cairn");
        refused("GRANT cairn TO alice", "alice", ErrorCode.UNAUTHORIZED,
                "Only superusers can grant a role with superuser status");
        refused("ALTER ROLE alice WITH SUPERUSER = true", "alice", ErrorCode.UNAUTHORIZED,
                "You aren't allowed to alter your own superuser status");
        refused("ALTER ROLE bob WITH SUPERUSER = true", "alice", ErrorCode.UNAUTHORIZED,
                "Only superusers are allowed to alter superuser status");
        refused("CREATE ROLE boss WITH SUPERUSER = true", "alice", ErrorCode.UNAUTHORIZED,
                "Only superusers can create a role with superuser status");
        refused("ALTER ROLE cairn WITH PASSWORD = 'mine now'", "alice", ErrorCode.UNAUTHORIZED,
                "Only superusers can alter a role with superuser status");
        refused("DROP ROLE cairn", "alice", ErrorCode.UNAUTHORIZED,
                "Only superusers can drop a role with superuser status");
        refused("ALTER ROLE alice WITH LOGIN = false", "alice", ErrorCode.UNAUTHORIZED,
                "You aren't allowed to alter LOGIN");
        run("ALTER ROLE bob WITH LOGIN = false", "alice");
        assertThat(metadata.current().roles().get("bob").canLogin()).isFalse();
        assertThat(metadata.current().roles().get("alice").superuser()).isFalse();
        assertThat(metadata.current().roles().get("cairn").saltedHash()).isNull();
    }

    @Test
    void withoutPermissionsOnRolesOnlyOnesOwnPasswordChanges() {
        refused("CREATE ROLE dave", "alice", ErrorCode.UNAUTHORIZED,
                "User alice does not have sufficient privileges to perform the requested operation");
        refused("ALTER ROLE bob WITH PASSWORD = 'x'", "alice", ErrorCode.UNAUTHORIZED, "sufficient privileges");
        refused("DROP ROLE bob", "alice", ErrorCode.UNAUTHORIZED, "sufficient privileges");
        run("ALTER ROLE alice WITH PASSWORD = 'own'", "alice");
        assertThat(metadata.current().roles().get("alice").saltedHash()).startsWith("$2a$");
    }

    @Test
    void theCreatorOfARoleMayAlterDropGrantAndDescribeIt() {
        run("GRANT CREATE ON ALL ROLES TO alice", "cairn");
        run("CREATE ROLE team WITH LOGIN = true", "alice");
        assertThat(metadata.current().permissions().get("alice")).containsEntry("roles/team",
                java.util.EnumSet.of(Permission.ALTER, Permission.DROP, Permission.AUTHORIZE, Permission.DESCRIBE));
        run("GRANT team TO bob", "alice");
        run("CREATE ROLE IF NOT EXISTS carol", "alice");
        assertThat(metadata.current().permissions().get("alice")).as("IF NOT EXISTS of a role that exists grants nothing")
                .doesNotContainKey("roles/carol");
        run("ALTER ROLE team WITH LOGIN = false", "alice");
        run("DROP ROLE team", "alice");
        assertThat(metadata.current().permissions()).as("a dropped role's permissions go with it")
                .doesNotContainKey("team").extractingByKey("alice").satisfies(held ->
                        assertThat(held == null ? java.util.Map.of() : held).doesNotContainKey("roles/team"));
        assertThat(metadata.current().roles().get("bob").memberOf()).isEmpty();
    }

    @Test
    void listPermissionsShowsWhatEachRoleHoldsToThoseAllowedToSeeIt() {
        run("CREATE ROLE reader", "cairn");
        run("GRANT SELECT ON KEYSPACE shop TO reader", "cairn");
        run("GRANT MODIFY ON TABLE shop.orders TO bob", "cairn");
        run("GRANT reader TO bob", "cairn");
        run("GRANT SELECT ON KEYSPACE hr TO carol", "cairn");
        assertThat(rows(run("LIST ALL PERMISSIONS OF bob", "bob"))).containsExactly(
                "bob bob <table shop.orders> MODIFY", "reader reader <keyspace shop> SELECT");
        assertThat(rows(run("LIST ALL PERMISSIONS OF bob NORECURSIVE", "bob")))
                .containsExactly("bob bob <table shop.orders> MODIFY");
        assertThat(rows(run("LIST SELECT ON TABLE shop.orders", "cairn")))
                .as("ON a table: its parents' too").containsExactly("reader reader <keyspace shop> SELECT");
        assertThat(rows(run("LIST ALL PERMISSIONS ON TABLE shop.orders NORECURSIVE", "cairn")))
                .containsExactly("bob bob <table shop.orders> MODIFY");
        assertThat(rows(run("LIST ALL PERMISSIONS", "cairn"))).as("with what cairn holds on reader, its creator")
                .hasSize(3 + 4).contains("cairn cairn <role reader> DESCRIBE");
        assertThat(run("LIST ALL PERMISSIONS OF alice", "cairn")).as("nothing to list").isInstanceOf(QueryResult.Void.class);
        refused("LIST ALL PERMISSIONS", "bob", ErrorCode.UNAUTHORIZED,
                "You are not authorized to view everyone's permissions");
        refused("LIST ALL PERMISSIONS OF carol", "bob", ErrorCode.UNAUTHORIZED,
                "You are not authorized to view carol's permissions");
        run("GRANT DESCRIBE ON ALL ROLES TO bob", "cairn");
        assertThat(rows(run("LIST ALL PERMISSIONS OF carol", "bob"))).containsExactly("carol carol <keyspace hr> SELECT");
        refused("LIST ALL PERMISSIONS ON TABLE shop.ghost", "cairn", ErrorCode.INVALID,
                "<table shop.ghost> doesn't exist");
        refused("LIST ALL PERMISSIONS OF ghost", "carol", ErrorCode.UNAUTHORIZED,
                "You are not authorized to view ghost's permissions");
    }

    private static List<String> rows(QueryResult result) {
        List<String> rows = new ArrayList<>();
        for (List<java.nio.ByteBuffer> row : ((QueryResult.Rows) result).rows()) {
            List<String> cells = new ArrayList<>();
            for (java.nio.ByteBuffer cell : row) {
                cells.add(StandardCharsets.UTF_8.decode(cell.duplicate()).toString());
            }
            rows.add(String.join(" ", cells));
        }
        return rows;
    }
}
