package io.cairn.node.auth;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.metadata.ChangeRole;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.RoleRecord;
import io.cairn.node.query.ClientSession;
import io.cairn.node.schema.Schema;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of the role statements, on roles kept as a metadata log keeps them. */
class RoleManagerTest {

    private final LocalMetadataLog metadata = new LocalMetadataLog(
            ClusterMetadata.empty("c", new Schema(Map.of(), new UUID(0, 0))));
    /** Counts the salts drawn: one per password hashed. */
    private final AtomicInteger hashes = new AtomicInteger();
    private final RoleManager roles = new RoleManager(metadata::current, metadata::commit, new Passwords(new RandomGenerator() {
        private final SplittableRandom random = new SplittableRandom(3);

        @Override
        public long nextLong() {
            return random.nextLong();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            hashes.incrementAndGet();
            random.nextBytes(bytes);
        }
    }), new RoleAuthorizer(metadata::current, metadata::commit));
    private final StatementParser parser = new StatementParser();

    private Throwable run(String cql, String as) {
        return roles.execute(parser.parse(cql).statement(), new ClientSession(null, as), null).toCompletableFuture()
                .handle((result, failure) -> failure).join();
    }

    private void role(String name, boolean superuser) {
        metadata.commit(snapshot -> new ChangeRole(ChangeRole.Op.CREATE,
                new RoleRecord(name, superuser, true, null, new TreeSet<>())));
    }

    private static ErrorCode code(Throwable failure) {
        assertThat(failure).isInstanceOf(CqlException.class);
        return ((CqlException) failure).code();
    }

    @Test
    void aClientThatDidNotLogInRunsNoRoleStatement() {
        role("cairn", true);
        for (String cql : new String[] {"CREATE ROLE x WITH SUPERUSER = true AND LOGIN = true",
                "ALTER ROLE cairn WITH PASSWORD = 'taken'", "DROP ROLE cairn", "LIST ROLES"}) {
            assertThat(code(run(cql, null))).as(cql).isEqualTo(ErrorCode.UNAUTHORIZED);
        }
        assertThat(metadata.current().roles()).containsOnlyKeys("cairn");
        assertThat(metadata.current().roles().get("cairn").saltedHash()).isNull();
        assertThat(hashes).as("nothing hashed for a refused statement").hasValue(0);
    }

    @Test
    void aRefusedPasswordChangeHashesNothing() {
        role("cairn", true);
        role("alice", false);
        assertThat(code(run("ALTER ROLE cairn WITH PASSWORD = 'mine now'", "alice")))
                .isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(code(run("CREATE ROLE bob WITH PASSWORD = 'x' AND LOGIN = true", "alice")))
                .isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(code(run("ALTER ROLE ghost WITH PASSWORD = 'x'", "cairn"))).isEqualTo(ErrorCode.INVALID);
        assertThat(hashes).hasValue(0);
        assertThat(run("ALTER ROLE alice WITH PASSWORD = 'own'", "alice")).isNull();
        assertThat(hashes).as("one's own password, once").hasValue(1);
        assertThat(Passwords.matches("own", metadata.current().roles().get("alice").saltedHash())).isTrue();
    }

    @Test
    void aSuperuserThroughAGrantedRoleCountsAsOne() {
        role("admins", true);
        metadata.commit(snapshot -> new ChangeRole(ChangeRole.Op.CREATE,
                new RoleRecord("carol", false, true, null, new TreeSet<>(java.util.Set.of("admins")))));
        assertThat(run("CREATE ROLE dave WITH LOGIN = true", "carol")).isNull();
        assertThat(code(run("ALTER ROLE admins WITH SUPERUSER = false", "carol")))
                .as("not the status of a role granted to oneself").isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(code(run("CREATE ROLE \"" + "n".repeat(RoleRecord.MAX_NAME_LENGTH + 1) + "\"", "carol")))
                .as("a name past the limit is an invalid request").isEqualTo(ErrorCode.INVALID);
    }
}
