package io.cairn.node.auth;

import io.cairn.cql.ast.AlterRoleStatement;
import io.cairn.cql.ast.AuthResource;
import io.cairn.cql.ast.CreateRoleStatement;
import io.cairn.cql.ast.DropRoleStatement;
import io.cairn.cql.ast.GrantPermissionsStatement;
import io.cairn.cql.ast.GrantRoleStatement;
import io.cairn.cql.ast.ListPermissionsStatement;
import io.cairn.cql.ast.ListRolesStatement;
import io.cairn.cql.ast.LiteralKind;
import io.cairn.cql.ast.OptionValue;
import io.cairn.cql.ast.Permission;
import io.cairn.cql.ast.Statement;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.NativeType;
import io.cairn.node.metadata.ChangePermissions;
import io.cairn.node.metadata.ChangeRole;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.RoleRecord;
import io.cairn.node.metadata.Transformation;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryResult;
import io.cairn.node.query.ResultColumn;
import io.cairn.node.query.RoleStatements;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The roles of the cluster, kept in the cluster metadata log: the role statements, checked
 * against the snapshot each commit attempt works on, and what authentication asks of a role.
 *
 * <p>Rules (Cassandra's): a client that did not log in (its node does not authenticate) runs no
 * role statement, as Cassandra's anonymous user. Creating a role needs CREATE on all roles,
 * altering another role ALTER on it, dropping one DROP on it (a superuser, a role that is one or
 * is granted one, holds every permission); a role may change its own password. Only a superuser
 * creates a superuser, changes superuser status or drops a superuser; nobody alters their own
 * superuser status or that of a role granted to them, nor drops the role they logged in as.
 * Beyond Cassandra, only a superuser alters a superuser (whoever could set its password could
 * log in as it). The creator of a role may alter, drop, grant and describe it. The GRANT,
 * REVOKE and LIST PERMISSIONS statements are {@link GrantStatements}'. A password is hashed once, after the
 * statement passed its checks against the latest snapshot and before the entry is proposed
 * (the checks run again on the snapshot each attempt works on); only its salted hash is in the log.
 */
public final class RoleManager implements RoleStatements {

    /** The superuser a node that authenticates creates when the cluster has no role. */
    public static final String DEFAULT_SUPERUSER = "cairn";

    private static final String AUTH_KEYSPACE = "system_auth";
    private static final MapType OPTIONS_TYPE = new MapType(NativeType.TEXT, NativeType.TEXT, true);
    private static final List<ResultColumn> ROLE_COLUMNS = List.of(
            new ResultColumn(AUTH_KEYSPACE, "roles", "role", NativeType.TEXT),
            new ResultColumn(AUTH_KEYSPACE, "roles", "super", NativeType.BOOLEAN),
            new ResultColumn(AUTH_KEYSPACE, "roles", "login", NativeType.BOOLEAN),
            new ResultColumn(AUTH_KEYSPACE, "roles", "options", OPTIONS_TYPE),
            new ResultColumn(AUTH_KEYSPACE, "roles", "datacenters", NativeType.TEXT));
    private static final List<ResultColumn> USER_COLUMNS = List.of(
            new ResultColumn(AUTH_KEYSPACE, "users", "name", NativeType.TEXT),
            new ResultColumn(AUTH_KEYSPACE, "users", "super", NativeType.BOOLEAN),
            new ResultColumn(AUTH_KEYSPACE, "users", "datacenters", NativeType.TEXT));

    private final Supplier<ClusterMetadata> current;
    private final Function<Function<ClusterMetadata, Transformation>, CompletionStage<ClusterMetadata>> commit;
    private final Passwords passwords;
    private final RoleAuthorizer authorizer;
    private final GrantStatements grants;

    /**
     * A role manager of a node that does not check permissions ({@code AllowAllAuthorizer}):
     * every logged-in role holds every permission, and only the superuser rules apply.
     */
    public RoleManager(Supplier<ClusterMetadata> current,
                       Function<Function<ClusterMetadata, Transformation>, CompletionStage<ClusterMetadata>> commit,
                       Passwords passwords) {
        this(current, commit, passwords, null);
    }

    /**
     * @param current    the latest snapshot this node has
     * @param commit     commits the entry a function makes of the latest snapshot (null: nothing
     *                   to do; an exception: the statement's error), as the metadata service does
     * @param passwords  hashes the passwords of CREATE and ALTER
     * @param authorizer the permissions role statements need, or null when the node does not check
     *                   permissions (then a role's creator is granted nothing on it either)
     */
    public RoleManager(Supplier<ClusterMetadata> current,
                       Function<Function<ClusterMetadata, Transformation>, CompletionStage<ClusterMetadata>> commit,
                       Passwords passwords, RoleAuthorizer authorizer) {
        this.current = Objects.requireNonNull(current, "current");
        this.commit = Objects.requireNonNull(commit, "commit");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.authorizer = authorizer;
        this.grants = new GrantStatements(current, commit, this::holds);
    }

    /**
     * Whether {@code caller} holds {@code permission} on {@code resource} at {@code snapshot}
     * (always, on a node that does not check permissions).
     */
    boolean holds(ClusterMetadata snapshot, String caller, Permission permission, AuthResource resource) {
        return authorizer == null || authorizer.access(snapshot, caller).holds(permission, resource);
    }

    private void require(ClusterMetadata snapshot, String caller, Permission permission, AuthResource resource) {
        if (!holds(snapshot, caller, permission, resource)) {
            throw unauthorized("User " + caller + " does not have sufficient privileges to perform the requested "
                    + "operation");
        }
    }

    /** The role named {@code name} now, or null. */
    public RoleRecord role(String name) {
        return current.get().roles().get(name);
    }

    /** Whether the role {@code name} is a superuser now, or is granted one. */
    public boolean isSuperuser(String name) {
        return isSuperuser(current.get(), name);
    }

    /** Whether any role exists (a node that authenticates creates the first superuser otherwise). */
    public boolean hasRoles() {
        return !current.get().roles().isEmpty();
    }

    /**
     * The role {@code name} logs in as with {@code password}, or null: it must exist, have LOGIN
     * and a password, and the password must match. The role returned is the one checked (a
     * later change of it is checked afresh). Slow on purpose (bcrypt): never on a network thread.
     */
    public RoleRecord logIn(String name, String password) {
        RoleRecord role = role(name);
        if (role == null || role.saltedHash() == null) {
            // As long as a real check: how long a refusal takes does not tell whether a role exists.
            Passwords.matches(password, Passwords.DECOY_HASH);
            return null;
        }
        return Passwords.matches(password, role.saltedHash()) && role.canLogin() ? role : null;
    }

    /**
     * Creates superuser {@code name} with {@code password} if the cluster has no role yet.
     * Completes with true when this call created it, false when a role existed (another node
     * may have created the first superuser at the same time).
     */
    public CompletionStage<Boolean> createFirstSuperuser(String name, String password) {
        String hash = passwords.hash(password);
        boolean[] proposed = new boolean[1];
        return commit.apply(snapshot -> {
            proposed[0] = snapshot.roles().isEmpty();
            return proposed[0] ? new ChangeRole(ChangeRole.Op.CREATE,
                    new RoleRecord(name, true, true, hash, new TreeSet<>())) : null;
        }).thenApply(committed -> proposed[0] && committed.roles().containsKey(name));
    }

    @Override
    public CompletionStage<QueryResult> execute(Statement statement, ClientSession session, String keyspace) {
        try {
            String caller = session.role();
            if (caller == null) {
                throw unauthorized("You have to be logged in and not anonymous to perform this request (role "
                        + "statements need authenticator: PasswordAuthenticator)");
            }
            if (statement instanceof CreateRoleStatement create) {
                return create(create, caller);
            }
            if (statement instanceof AlterRoleStatement alter) {
                return alter(alter, caller);
            }
            if (statement instanceof DropRoleStatement drop) {
                return drop(drop, caller);
            }
            if (statement instanceof ListRolesStatement list) {
                return CompletableFuture.completedFuture(list(list, caller, current.get()));
            }
            if (statement instanceof GrantPermissionsStatement grant) {
                return grants.grantPermissions(grant, session, keyspace);
            }
            if (statement instanceof GrantRoleStatement grant) {
                return grants.grantRole(grant, caller);
            }
            if (statement instanceof ListPermissionsStatement list) {
                return CompletableFuture.completedFuture(grants.list(list, session, keyspace, current.get()));
            }
            throw new IllegalArgumentException("Not a role statement: " + statement);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<QueryResult> create(CreateRoleStatement create, String caller) {
        Options options = Options.of(create.options());
        String name = create.role();
        if (name.length() > RoleRecord.MAX_NAME_LENGTH) {
            throw CqlException.invalid("A role name has at most " + RoleRecord.MAX_NAME_LENGTH + " characters, not "
                    + name.length());
        }
        Function<ClusterMetadata, Boolean> check = snapshot -> {
            require(snapshot, caller, Permission.CREATE, AuthResource.ALL_ROLES);
            if (Boolean.TRUE.equals(options.superuser) && !isSuperuser(snapshot, caller)) {
                throw unauthorized("Only superusers can create a role with superuser status");
            }
            if (snapshot.roles().containsKey(name)) {
                if (create.ifNotExists()) {
                    return false;
                }
                throw CqlException.invalid(name + " already exists");
            }
            if (snapshot.roles().size() >= ClusterMetadata.MAX_ROLES) {
                throw CqlException.invalid("The cluster has " + ClusterMetadata.MAX_ROLES + " roles, the most it keeps");
            }
            return true;
        };
        if (!check.apply(current.get())) {
            return CompletableFuture.completedFuture(new QueryResult.Void());
        }
        String hash = options.password == null ? null : passwords.hash(options.password);
        RoleRecord[] proposed = new RoleRecord[1];
        CompletionStage<QueryResult> created = committed(snapshot -> {
            proposed[0] = null;
            if (!check.apply(snapshot)) {
                return null;
            }
            proposed[0] = new RoleRecord(name, Boolean.TRUE.equals(options.superuser),
                    Boolean.TRUE.equals(options.login), hash, new TreeSet<>());
            return new ChangeRole(ChangeRole.Op.CREATE, proposed[0]);
        });
        if (authorizer == null) {
            return created;
        }
        // As Cassandra: the creator may alter, drop, grant and describe the role it created. Only
        // the role this statement created: not one that existed (IF NOT EXISTS), nor one created
        // again by someone else since (equal roles would have the same salted hash).
        AuthResource role = AuthResource.role(name);
        return created.thenCompose(result -> proposed[0] == null ? CompletableFuture.completedFuture(result)
                : commit.apply(snapshot -> proposed[0].equals(snapshot.roles().get(name))
                        && snapshot.roles().containsKey(caller)
                        ? new ChangePermissions(true, caller, role.key(), role.applicable()) : null)
                .thenApply(granted -> result));
    }

    private CompletionStage<QueryResult> alter(AlterRoleStatement alter, String caller) {
        Options options = Options.of(alter.options());
        String name = alter.role();
        if (checkAlter(current.get(), alter, options, caller) == null) {
            return CompletableFuture.completedFuture(new QueryResult.Void());
        }
        String hash = options.password == null ? null : passwords.hash(options.password);
        return committed(snapshot -> {
            RoleRecord existing = checkAlter(snapshot, alter, options, caller);
            if (existing == null) {
                return null;
            }
            RoleRecord next = existing;
            if (options.superuser != null) {
                next = next.withSuperuser(options.superuser);
            }
            if (options.login != null) {
                next = next.withLogin(options.login);
            }
            if (hash != null) {
                next = next.withSaltedHash(hash);
            }
            return next.equals(existing) ? null : new ChangeRole(ChangeRole.Op.ALTER, next);
        });
    }

    /**
     * The role ALTER changes, once {@code caller} may change it so on {@code snapshot}; null when
     * IF EXISTS finds none; throws the statement's error otherwise.
     */
    private RoleRecord checkAlter(ClusterMetadata snapshot, AlterRoleStatement alter, Options options,
                                  String caller) {
        String name = alter.role();
        RoleRecord existing = snapshot.roles().get(name);
        if (existing == null) {
            if (alter.ifExists()) {
                return null;
            }
            throw CqlException.invalid(name + " doesn't exist");
        }
        boolean superuser = isSuperuser(snapshot, caller);
        if (options.superuser != null) {
            if (RoleAuthorizer.grantedTo(snapshot, caller).contains(name)) {
                throw unauthorized("You aren't allowed to alter your own superuser status or that of a role granted "
                        + "to you");
            }
            if (!superuser) {
                throw unauthorized("Only superusers are allowed to alter superuser status");
            }
        }
        if (superuser) {
            return existing;
        }
        if (name.equals(caller)) {
            // A role may change its own password, and nothing else of itself.
            if (options.login != null) {
                throw unauthorized("You aren't allowed to alter LOGIN");
            }
            return existing;
        }
        require(snapshot, caller, Permission.ALTER, AuthResource.role(name));
        if (isSuperuser(snapshot, name)) {
            // Whoever could set a superuser's password could log in as it.
            throw unauthorized("Only superusers can alter a role with superuser status");
        }
        return existing;
    }

    private CompletionStage<QueryResult> drop(DropRoleStatement drop, String caller) {
        String name = drop.role();
        return committed(snapshot -> {
            if (name.equals(caller)) {
                throw CqlException.invalid("Cannot DROP primary role for current login");
            }
            require(snapshot, caller, Permission.DROP, AuthResource.role(name));
            RoleRecord existing = snapshot.roles().get(name);
            if (existing == null) {
                if (drop.ifExists()) {
                    return null;
                }
                throw CqlException.invalid(name + " doesn't exist");
            }
            if (isSuperuser(snapshot, name) && !isSuperuser(snapshot, caller)) {
                throw unauthorized("Only superusers can drop a role with superuser status");
            }
            return new ChangeRole(ChangeRole.Op.DROP, existing);
        });
    }

    private CompletionStage<QueryResult> committed(Function<ClusterMetadata, Transformation> change) {
        return commit.apply(change).thenApply(snapshot -> new QueryResult.Void());
    }

    /**
     * LIST ROLES [OF name] [NORECURSIVE], LIST USERS: a superuser (or a client that did not log in)
     * sees every role; anyone else the roles granted to them.
     */
    QueryResult list(ListRolesStatement list, String caller, ClusterMetadata snapshot) {
        // Who may DESCRIBE all roles sees them all, as a superuser does.
        boolean superuser = isSuperuser(snapshot, caller)
                || (authorizer != null && holds(snapshot, caller, Permission.DESCRIBE, AuthResource.ALL_ROLES));
        SortedSet<String> names;
        if (list.of() != null) {
            if (!snapshot.roles().containsKey(list.of())) {
                throw CqlException.invalid(list.of() + " doesn't exist");
            }
            if (!superuser && !RoleAuthorizer.grantedTo(snapshot, caller).contains(list.of())) {
                throw unauthorized("You are not authorized to view roles granted to " + list.of());
            }
            names = list.recursive() ? RoleAuthorizer.grantedTo(snapshot, list.of()) : directlyGranted(snapshot, list.of());
        } else {
            names = superuser ? new TreeSet<>(snapshot.roles().keySet()) : RoleAuthorizer.grantedTo(snapshot, caller);
        }
        List<List<ByteBuffer>> rows = new ArrayList<>();
        for (String name : names) {
            RoleRecord role = snapshot.roles().get(name);
            if (list.users()) {
                if (role.canLogin()) {
                    rows.add(List.of(text(name), bool(isSuperuser(snapshot, name)), text("ALL")));
                }
            } else {
                rows.add(List.of(text(name), bool(role.superuser()), bool(role.canLogin()),
                        OPTIONS_TYPE.pack(List.of()), text("ALL")));
            }
        }
        return new QueryResult.Rows(list.users() ? USER_COLUMNS : ROLE_COLUMNS, rows, null);
    }

    /** Whether {@code name} is a superuser or granted one (a client that did not log in, null, is not). */
    static boolean isSuperuser(ClusterMetadata snapshot, String name) {
        if (name == null) {
            return false;
        }
        for (String granted : RoleAuthorizer.grantedTo(snapshot, name)) {
            if (snapshot.roles().get(granted).superuser()) {
                return true;
            }
        }
        return false;
    }

    private static SortedSet<String> directlyGranted(ClusterMetadata snapshot, String name) {
        SortedSet<String> names = new TreeSet<>(snapshot.roles().get(name).memberOf());
        names.add(name);
        return names;
    }

    private static CqlException unauthorized(String message) {
        return RoleAuthorizer.unauthorized(message);
    }

    private static ByteBuffer text(String value) {
        return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer bool(boolean value) {
        return ByteBuffer.wrap(new byte[] {(byte) (value ? 1 : 0)});
    }

    /** The options of CREATE or ALTER ROLE; null for each one not written. */
    private record Options(String password, Boolean login, Boolean superuser) {

        static Options of(Map<String, OptionValue> written) {
            String password = null;
            Boolean login = null;
            Boolean superuser = null;
            for (Map.Entry<String, OptionValue> option : written.entrySet()) {
                switch (option.getKey()) {
                    case "password" -> password = string(option);
                    case "login" -> login = bool(option);
                    case "superuser" -> superuser = bool(option);
                    case "options", "hashed_password", "access" -> throw CqlException.invalid(
                            "Unsupported role option " + option.getKey().toUpperCase(Locale.ROOT)
                                    + " (Cairn's roles take PASSWORD, LOGIN and SUPERUSER)");
                    default -> throw CqlException.syntax("Invalid role option: " + option.getKey());
                }
            }
            return new Options(password, login, superuser);
        }

        private static String string(Map.Entry<String, OptionValue> option) {
            if (option.getValue() instanceof OptionValue.Constant constant
                    && constant.literal().kind() == LiteralKind.STRING) {
                return constant.text();
            }
            throw CqlException.syntax("Role option " + option.getKey() + " takes a string, not " + option.getValue());
        }

        private static Boolean bool(Map.Entry<String, OptionValue> option) {
            String text = option.getValue() instanceof OptionValue.Constant constant ? constant.text()
                    : option.getValue() instanceof OptionValue.Keyword keyword ? keyword.word() : "";
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
            }
            throw CqlException.syntax("Role option " + option.getKey() + " takes true or false, not " + text);
        }
    }
}
