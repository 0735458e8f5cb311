package io.cairn.node.metadata;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.ColumnKind;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaChange;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.schema.TableParams;
import io.cairn.storage.TableId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Valid cluster metadata logs made at random, for tests of what follows the log: each entry is
 * proposed against the snapshot the entries before it make, the way a proposer works, and kept
 * only if it applies. Every kind of entry appears in a long enough log: nodes register, join
 * (sometimes cancelled), leave, are removed, replaced and moved, metadata replicas come and go,
 * keyspaces and tables are created and dropped, tables truncated.
 *
 * <p>The same {@link Random} seed gives the same log. Node {@code i} has id
 * {@link MetadataFixtures#id}(i); at most {@value #MAX_NODES} nodes are in the cluster at once
 * (left ones aside) and {@value #MAX_KEYSPACES} keyspaces exist, so that a long log stays cheap
 * to apply.
 */
public final class RandomLogs {

    public static final String CLUSTER = MetadataFixtures.CLUSTER;
    static final int MAX_NODES = 8;
    static final int MAX_KEYSPACES = 4;
    /** Proposals tried for one entry before giving up: some kind always applies well before. */
    private static final int MAX_PROPOSALS = 1_000;

    private final Random random;
    private ClusterMetadata current = empty();
    private int nodesRegistered;
    private int keyspacesCreated;
    private int tablesCreated;

    private RandomLogs(Random random) {
        this.random = random;
    }

    /** The snapshot every random log starts from: no nodes, no keyspaces. */
    public static ClusterMetadata empty() {
        return ClusterMetadata.empty(CLUSTER, Schema.of(Map.of()));
    }

    /** A valid log of {@code length} entries, epochs 1 to {@code length}, following {@link #empty()}. */
    public static List<LogEntry> log(Random random, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("A log of " + length + " entries");
        }
        RandomLogs generator = new RandomLogs(random);
        List<LogEntry> entries = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            entries.add(generator.nextEntry());
        }
        return entries;
    }

    /**
     * The snapshots {@code entries} make one after the other from {@code start}: the one at
     * index i follows entry i. Each entry must apply, at its own epoch.
     */
    public static List<ClusterMetadata> snapshots(ClusterMetadata start, List<LogEntry> entries) {
        List<ClusterMetadata> snapshots = new ArrayList<>(entries.size());
        ClusterMetadata previous = start;
        for (LogEntry entry : entries) {
            if (!entry.epoch().follows(previous.epoch())) {
                throw new IllegalArgumentException("Entry at " + entry.epoch() + " does not follow " + previous.epoch());
            }
            Transformation.Result result = entry.transformation().apply(previous);
            if (!(result instanceof Transformation.Applied applied) || !applied.next().epoch().equals(entry.epoch())) {
                throw new AssertionError("Entry at " + entry.epoch() + " did not apply: " + result);
            }
            previous = applied.next();
            snapshots.add(previous);
        }
        return snapshots;
    }

    private LogEntry nextEntry() {
        for (int proposal = 0; proposal < MAX_PROPOSALS; proposal++) {
            Transformation transformation = propose();
            if (transformation != null
                    && transformation.apply(current) instanceof Transformation.Applied applied) {
                current = applied.next();
                return new LogEntry(current.epoch(), random.nextLong(), transformation);
            }
        }
        throw new IllegalStateException("No proposal applied at " + current + " in " + MAX_PROPOSALS + " tries");
    }

    /** An entry that may apply to the current snapshot, or null when the kind drawn has no candidate. */
    private Transformation propose() {
        if (current.epoch().equals(Epoch.EMPTY)) {
            return new Initialize(CLUSTER, newNode(), newTokens(), Schema.of(Map.of("ks0", newKeyspace("ks0"))));
        }
        RangeMovement movement = current.movement();
        if (movement != null && random.nextInt(3) > 0) {
            if (random.nextInt(12) == 0) {
                return new CancelMovement(movement.node());
            }
            RangeMovement.Step next = movement.step().next();
            return new AdvanceMovement(movement.node(),
                    next == null ? AdvanceMovement.To.FINISHED : AdvanceMovement.To.valueOf(next.name()));
        }
        NodeId registered = pick(NodeState.REGISTERED);
        NodeId joined = pick(NodeState.JOINED);
        return switch (random.nextInt(14)) {
            case 0, 1 -> register();
            case 2 -> registered == null ? null : new Unregister(registered);
            case 3 -> registered == null ? null : new PrepareJoin(registered, newTokens());
            case 4 -> joined == null ? null : new PrepareLeave(joined);
            case 5 -> joined == null ? null : new PrepareRemove(joined);
            case 6 -> registered == null || joined == null ? null : new PrepareReplace(registered, joined);
            case 7 -> joined == null ? null : new PrepareMove(joined, newTokens());
            case 8 -> {
                NodeId replica = pickOf(new ArrayList<>(current.metadataReplicas()));
                if (random.nextBoolean()) {
                    yield joined == null ? null : new AddMetadataReplica(joined);
                }
                yield replica == null ? null : new RemoveMetadataReplica(replica);
            }
            case 9 -> truncate();
            case 10 -> changeRole();
            case 11 -> changePermissions();
            default -> alterSchema();
        };
    }

    /** Creates a role (granted some existing ones), or alters or drops one. */
    private Transformation changeRole() {
        List<String> names = new ArrayList<>(current.roles().keySet());
        int op = names.isEmpty() ? 0 : random.nextInt(3);
        if (op == 0) {
            SortedSet<String> granted = new TreeSet<>();
            for (String name : names) {
                if (random.nextInt(4) == 0) {
                    granted.add(name);
                }
            }
            return new ChangeRole(ChangeRole.Op.CREATE, new RoleRecord("role" + (++rolesCreated), random.nextBoolean(),
                    random.nextBoolean(), random.nextBoolean() ? null : "$2a$10$" + random.nextLong(), granted));
        }
        RoleRecord role = current.roles().get(pickOf(names));
        return op == 1 ? new ChangeRole(ChangeRole.Op.ALTER, role.withSuperuser(!role.superuser()))
                : new ChangeRole(ChangeRole.Op.DROP, role);
    }

    private int rolesCreated;

    /** Grants a role some permissions on a resource, or revokes some. */
    private Transformation changePermissions() {
        List<String> names = new ArrayList<>(current.roles().keySet());
        if (names.isEmpty()) {
            return changeRole();
        }
        String role = pickOf(names);
        io.cairn.cql.ast.AuthResource resource = switch (random.nextInt(4)) {
            case 0 -> io.cairn.cql.ast.AuthResource.ALL_KEYSPACES;
            case 1 -> io.cairn.cql.ast.AuthResource.keyspace("ks" + random.nextInt(3));
            case 2 -> io.cairn.cql.ast.AuthResource.table("ks" + random.nextInt(3), "t" + random.nextInt(3));
            default -> io.cairn.cql.ast.AuthResource.role(pickOf(names));
        };
        java.util.EnumSet<io.cairn.cql.ast.Permission> permissions =
                java.util.EnumSet.noneOf(io.cairn.cql.ast.Permission.class);
        for (io.cairn.cql.ast.Permission permission : resource.applicable()) {
            if (random.nextInt(3) == 0) {
                permissions.add(permission);
            }
        }
        if (permissions.isEmpty()) {
            permissions.add(resource.applicable().iterator().next());
        }
        return new ChangePermissions(random.nextInt(3) > 0, role, resource.key(), permissions);
    }

    private Transformation register() {
        long present = current.directory().nodes().values().stream()
                .filter(node -> node.state() != NodeState.LEFT).count();
        if (present >= MAX_NODES) {
            return null;
        }
        NodeRecord node = newNode();
        NodeId joined = random.nextInt(4) == 0 ? pick(NodeState.JOINED) : null;
        if (joined != null) {
            // On a joined node's address: it can only replace that node.
            NodeAddress address = current.directory().get(joined).address();
            node = new NodeRecord(node.id(), address, new NodeAddress(address.host(), 9042), node.dataCenter(),
                    node.rack(), NodeState.REGISTERED, node.releaseVersion());
        }
        return new Register(node);
    }

    private Transformation truncate() {
        List<TableId> tables = new ArrayList<>();
        current.schema().keyspaces().values().forEach(keyspace -> keyspace.tables().keySet()
                .forEach(table -> tables.add(new TableId(keyspace.name(), table))));
        TableId table = pickOf(tables);
        return table == null ? null : new TruncateTable(table, 1 + random.nextInt(Integer.MAX_VALUE));
    }

    private Transformation alterSchema() {
        Epoch basedOn = current.epoch();
        KeyspaceMetadata keyspace = pickOf(new ArrayList<>(current.schema().keyspaces().values()));
        switch (random.nextInt(4)) {
            case 0 -> {
                if (current.schema().keyspaces().size() >= MAX_KEYSPACES) {
                    return null;
                }
                String name = "ks" + (++keyspacesCreated);
                return new AlterSchema(basedOn, name, newKeyspace(name),
                        SchemaChange.keyspace(SchemaChange.Change.CREATED, name));
            }
            case 1 -> {
                return keyspace == null ? null : new AlterSchema(basedOn, keyspace.name(), null,
                        SchemaChange.keyspace(SchemaChange.Change.DROPPED, keyspace.name()));
            }
            case 2 -> {
                if (keyspace == null) {
                    return null;
                }
                TableMetadata table = newTable(keyspace.name());
                return new AlterSchema(basedOn, keyspace.name(), keyspace.withTable(table),
                        SchemaChange.table(SchemaChange.Change.CREATED, keyspace.name(), table.name()));
            }
            default -> {
                String table = keyspace == null ? null : pickOf(new ArrayList<>(keyspace.tables().keySet()));
                return table == null ? null : new AlterSchema(basedOn, keyspace.name(), keyspace.withoutTable(table),
                        SchemaChange.table(SchemaChange.Change.DROPPED, keyspace.name(), table));
            }
        }
    }

    private NodeRecord newNode() {
        int number = ++nodesRegistered;
        NodeAddress address = new NodeAddress("10.0." + (number / 200) + "." + (1 + number % 200), 7000);
        return new NodeRecord(MetadataFixtures.id(number), address, new NodeAddress(address.host(), 9042),
                "datacenter1", "rack" + (1 + random.nextInt(3)), NodeState.REGISTERED, "test");
    }

    /** One to three tokens, almost surely owned by nobody (a proposal that collides is refused). */
    private SortedSet<Long> newTokens() {
        SortedSet<Long> tokens = new TreeSet<>();
        int count = 1 + random.nextInt(3);
        while (tokens.size() < count) {
            tokens.add(random.nextLong());
        }
        return tokens;
    }

    private KeyspaceMetadata newKeyspace(String name) {
        KeyspaceMetadata keyspace = new KeyspaceMetadata(name, true, Map.of(
                "class", "org.apache.cassandra.locator.SimpleStrategy",
                "replication_factor", Integer.toString(1 + random.nextInt(3))), Map.of(), Map.of());
        for (int tables = random.nextInt(3); tables > 0; tables--) {
            keyspace = keyspace.withTable(newTable(name));
        }
        return keyspace;
    }

    private TableMetadata newTable(String keyspace) {
        return new TableMetadata(keyspace, "t" + (++tablesCreated), new UUID(random.nextLong(), random.nextLong()),
                List.of(new ColumnMetadata("k", ColumnKind.PARTITION_KEY, 0, NativeType.INT, false),
                        new ColumnMetadata("v", ColumnKind.REGULAR, -1, NativeType.INT, false)),
                TableParams.DEFAULTS);
    }

    /** A node in {@code state} drawn at random, or null when there is none. */
    private NodeId pick(NodeState state) {
        return pickOf(current.directory().inState(state));
    }

    private <T> T pickOf(List<T> candidates) {
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }
}
