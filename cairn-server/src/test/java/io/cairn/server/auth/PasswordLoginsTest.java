package io.cairn.server.auth;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.node.auth.Passwords;
import io.cairn.node.auth.RoleManager;
import io.cairn.node.metadata.ChangeRole;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.RoleRecord;
import io.cairn.node.metadata.Transformation;
import io.cairn.node.schema.Schema;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logins against roles of the metadata: a bcrypt check only when needed, refusals delayed on the
 * scheduler, and a bounded queue of checks.
 */
class PasswordLoginsTest {

    private final AtomicReference<ClusterMetadata> metadata = new AtomicReference<>(
            ClusterMetadata.empty("c", new Schema(Map.of(), new UUID(0, 0))));
    private final Passwords passwords = new Passwords(new SplittableRandom(1));
    private final RoleManager roles = new RoleManager(metadata::get, this::commit, passwords);
    private final ManualClock clock = new ManualClock(1_750_000_000_000_000L);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final AtomicInteger checks = new AtomicInteger();
    private final List<Runnable> queued = new ArrayList<>();
    private boolean full;
    private final PasswordLogins logins = new PasswordLogins(roles, task -> {
        if (full) {
            throw new RejectedExecutionException("full");
        }
        checks.incrementAndGet();
        queued.add(task);
    }, scheduler, new SplittableRandom(2));

    private CompletionStage<ClusterMetadata> commit(java.util.function.Function<ClusterMetadata, Transformation> change) {
        Transformation entry = change.apply(metadata.get());
        if (entry != null) {
            metadata.set(((Transformation.Applied) entry.apply(metadata.get())).next());
        }
        return CompletableFuture.completedFuture(metadata.get());
    }

    private void role(String name, String password, boolean login) {
        RoleRecord role = new RoleRecord(name, false, login, passwords.hash(password), new TreeSet<>());
        ChangeRole.Op op = metadata.get().roles().containsKey(name) ? ChangeRole.Op.ALTER : ChangeRole.Op.CREATE;
        commit(snapshot -> new ChangeRole(op, role));
    }

    private static ByteBuffer token(String authzid, String name, String password) {
        return ByteBuffer.wrap((authzid + "\0" + name + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs the queued checks, then the scheduler's delayed answers; the login's outcome. */
    private CompletableFuture<String> settle(CompletionStage<String> login) {
        List<Runnable> now = new ArrayList<>(queued);
        queued.clear();
        now.forEach(Runnable::run);
        scheduler.advance(PasswordLogins.REFUSAL_DELAY);
        return login.toCompletableFuture();
    }

    @Test
    void aSecondLoginWithTheSamePasswordSkipsTheHashUntilThePasswordChanges() {
        role("alice", "pw", true);
        assertThat(settle(logins.authenticate(token("", "alice", "pw"), null))).isCompletedWithValue("alice");
        assertThat(checks).hasValue(1);
        assertThat(settle(logins.authenticate(token("alice", "alice", "pw"), null))).isCompletedWithValue("alice");
        assertThat(checks).as("remembered: no second bcrypt").hasValue(1);
        role("alice", "new", true);
        assertThat(settle(logins.authenticate(token("", "alice", "pw"), null))).isCompletedExceptionally();
        assertThat(checks).as("a changed hash is checked afresh").hasValue(2);
        assertThat(settle(logins.authenticate(token("", "alice", "new"), null))).isCompletedWithValue("alice");
    }

    @Test
    void aRefusalIsAnAuthenticationErrorAnsweredOnlyAfterTheDelay() {
        role("alice", "pw", true);
        CompletionStage<String> wrong = logins.authenticate(token("", "alice", "nope"), null);
        queued.forEach(Runnable::run);
        queued.clear();
        assertThat(wrong.toCompletableFuture()).as("not before the delay").isNotDone();
        scheduler.advance(PasswordLogins.REFUSAL_DELAY.minus(Duration.ofMillis(1)));
        assertThat(wrong.toCompletableFuture()).isNotDone();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(wrong.toCompletableFuture()).isCompletedExceptionally();
        assertThat(wrong.toCompletableFuture().handle((value, failure) -> failure).join())
                .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.AUTHENTICATION_ERROR))
                .hasMessage("Provided username alice and/or password are incorrect");
    }

    @Test
    void aRoleWithoutLoginIsRefusedEvenWithItsPasswordRemembered() {
        role("alice", "pw", true);
        settle(logins.authenticate(token("", "alice", "pw"), null)).join();
        commit(snapshot -> new ChangeRole(ChangeRole.Op.ALTER, snapshot.roles().get("alice").withLogin(false)));
        assertThat(settle(logins.authenticate(token("", "alice", "pw"), null))).isCompletedExceptionally();
    }

    @Test
    void malformedCredentialsAndAFullQueueAreRefusedWithoutAHash() {
        assertThat(settle(logins.authenticate(ByteBuffer.wrap("no separator".getBytes(StandardCharsets.UTF_8)),
                null))).isCompletedExceptionally();
        assertThat(settle(logins.authenticate(token("", "", "pw"), null))).isCompletedExceptionally();
        assertThat(settle(logins.authenticate(token("", "alice", ""), null))).isCompletedExceptionally();
        assertThat(settle(logins.authenticate(ByteBuffer.allocate(PasswordLogins.MAX_TOKEN_BYTES + 1), null)))
                .isCompletedExceptionally();
        role("alice", "pw", true);
        full = true;
        CompletableFuture<String> refused = settle(logins.authenticate(token("", "alice", "pw"), null));
        assertThat(refused.handle((value, failure) -> failure).join()).hasMessageContaining("Too many logins");
        assertThat(checks).hasValue(0);
    }

    @Test
    void theRememberedLoginsAreBoundedTheLeastRecentlyUsedForgottenFirst() {
        PasswordLogins two = new PasswordLogins(roles, task -> {
            checks.incrementAndGet();
            queued.add(task);
        }, scheduler, new SplittableRandom(2), 2);
        role("a", "pw", true);
        role("b", "pw", true);
        role("c", "pw", true);
        for (String name : new String[] {"a", "b", "c"}) {
            settle(two.authenticate(token("", name, "pw"), null)).join();
        }
        assertThat(two.rememberedCount()).isEqualTo(2);
        assertThat(checks).hasValue(3);
        settle(two.authenticate(token("", "c", "pw"), null)).join();
        assertThat(checks).as("c is remembered").hasValue(3);
        settle(two.authenticate(token("", "a", "pw"), null)).join();
        assertThat(checks).as("a, the least recently used, was forgotten").hasValue(4);
    }
}
