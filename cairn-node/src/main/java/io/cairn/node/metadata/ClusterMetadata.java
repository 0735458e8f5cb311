package io.cairn.node.metadata;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cql.ast.AuthResource;
import io.cairn.cql.ast.Permission;
import io.cairn.node.ring.TokenRing;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.storage.TableId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster's schema and topology at one epoch: immutable, and the same on every node that
 * has applied the same log prefix. Each entry of the cluster metadata log turns one snapshot
 * into the next ({@link Transformation}); nothing else makes one, except the log's start
 * ({@link #empty}).
 *
 * <p>Placements are derived here, once per snapshot: the ring of the joined nodes' tokens and,
 * while a {@link RangeMovement} runs, the ring it leads to. {@link #planFor} gives a token's
 * read and write replicas.
 */
public final class ClusterMetadata {

    private final Epoch epoch;
    private final String clusterName;
    private final Schema schema;
    private final Directory directory;
    private final SortedMap<NodeId, SortedSet<Long>> tokens;
    private final RangeMovement movement;
    private final SortedSet<NodeId> metadataReplicas;
    private final SortedMap<TableId, Long> truncations;
    private final SortedMap<TableId, Epoch> schemaModified;
    private final Epoch placementsModified;
    private final SortedMap<String, RoleRecord> roles;
    private final SortedMap<String, SortedMap<String, Set<Permission>>> permissions;
    private final TokenRing ring;
    private final TokenRing nextRing;

    private ClusterMetadata(Builder builder) {
        this.epoch = Objects.requireNonNull(builder.epoch, "epoch");
        this.clusterName = Objects.requireNonNull(builder.clusterName, "clusterName");
        this.schema = Objects.requireNonNull(builder.schema, "schema");
        this.directory = Objects.requireNonNull(builder.directory, "directory");
        this.tokens = frozen(builder.tokens);
        this.movement = builder.movement;
        this.metadataReplicas = Collections.unmodifiableSortedSet(new TreeSet<>(builder.metadataReplicas));
        this.truncations = Collections.unmodifiableSortedMap(new TreeMap<>(builder.truncations));
        this.schemaModified = Collections.unmodifiableSortedMap(new TreeMap<>(builder.schemaModified));
        this.placementsModified = Objects.requireNonNull(builder.placementsModified, "placementsModified");
        this.roles = Collections.unmodifiableSortedMap(new TreeMap<>(builder.roles));
        check(roles.size() <= MAX_ROLES, "More than " + MAX_ROLES + " roles");
        roles.forEach((name, role) -> {
            check(name.equals(role.name()), "Role " + role.name() + " is kept under the name " + name);
            for (String granted : role.memberOf()) {
                check(roles.containsKey(granted), "Role " + name + " is granted " + granted + ", which does not exist");
            }
        });
        this.permissions = Collections.unmodifiableSortedMap(new TreeMap<>(builder.permissions));
        int grants = 0;
        for (var held : permissions.entrySet()) {
            check(roles.containsKey(held.getKey()), "Role " + held.getKey() + " holds permissions but does not exist");
            for (var onResource : held.getValue().entrySet()) {
                AuthResource resource = AuthResource.ofKey(onResource.getKey());
                check(resource != null, "Role " + held.getKey() + " holds permissions on " + onResource.getKey()
                        + ", which names no resource");
                check(!onResource.getValue().isEmpty() && resource.applicable().containsAll(onResource.getValue()),
                        "Role " + held.getKey() + " holds " + onResource.getValue() + " on " + resource
                                + ", which takes " + resource.applicable());
                grants++;
            }
        }
        check(grants <= MAX_GRANTS, "More than " + MAX_GRANTS + " resources with permissions of a role");
        for (NodeId owner : tokens.keySet()) {
            NodeRecord record = directory.get(owner);
            check(record != null && record.state() == NodeState.JOINED,
                    "Node " + owner + " owns tokens but is " + (record == null ? "unknown" : record.state()));
        }
        for (NodeId replica : metadataReplicas) {
            NodeRecord record = directory.get(replica);
            check(record != null && record.state() != NodeState.LEFT,
                    "Metadata replica " + replica + " is " + (record == null ? "unknown" : "gone"));
        }
        if (movement != null) {
            check(directory.contains(movement.node()), "The moving node " + movement.node() + " is unknown");
            for (NodeId owner : movement.newTokens().keySet()) {
                check(directory.contains(owner), "Node " + owner + " of the movement's ring is unknown");
            }
        }
        check(!placementsModified.isAfter(epoch), "Placements modified at " + placementsModified
                + ", after the snapshot's " + epoch);
        this.ring = ringOf(tokens);
        this.nextRing = movement == null ? null : ringOf(movement.newTokens());
    }

    /** The most roles a cluster keeps (every node holds them all, in memory). */
    public static final int MAX_ROLES = 65_536;
    /** The most (role, resource) pairs with permissions a cluster keeps (every node holds them all, in memory). */
    public static final int MAX_GRANTS = 262_144;

    /** The state before the first entry of the log: nothing at all. */
    public static ClusterMetadata empty(String clusterName, Schema schema) {
        Builder builder = new Builder();
        builder.epoch = Epoch.EMPTY;
        builder.clusterName = clusterName;
        builder.schema = schema;
        builder.directory = Directory.EMPTY;
        builder.placementsModified = Epoch.EMPTY;
        return builder.build();
    }

    /**
     * A snapshot as it was saved or sent ({@link MetadataSerializers}), with every check a
     * transformation's snapshot passes: content that breaks one is refused
     * (IllegalStateException), never restored.
     */
    static ClusterMetadata restore(Epoch epoch, String clusterName, Schema schema, Directory directory,
                                   SortedMap<NodeId, SortedSet<Long>> tokens, RangeMovement movement,
                                   SortedSet<NodeId> metadataReplicas, SortedMap<TableId, Long> truncations,
                                   SortedMap<TableId, Epoch> schemaModified, Epoch placementsModified,
                                   SortedMap<String, RoleRecord> roles,
                                   SortedMap<String, SortedMap<String, Set<Permission>>> permissions) {
        return builderOf(epoch, clusterName, schema, directory, tokens, movement, metadataReplicas, truncations,
                schemaModified, placementsModified, roles, frozenPermissions(permissions)).build();
    }

    private static Builder builderOf(Epoch epoch, String clusterName, Schema schema, Directory directory,
                                     SortedMap<NodeId, SortedSet<Long>> tokens, RangeMovement movement,
                                     SortedSet<NodeId> metadataReplicas, SortedMap<TableId, Long> truncations,
                                     SortedMap<TableId, Epoch> schemaModified, Epoch placementsModified,
                                     SortedMap<String, RoleRecord> roles,
                                     SortedMap<String, SortedMap<String, Set<Permission>>> permissions) {
        Builder builder = new Builder();
        builder.epoch = epoch;
        builder.clusterName = clusterName;
        builder.schema = schema;
        builder.directory = directory;
        builder.tokens.putAll(tokens);
        builder.movement = movement;
        builder.metadataReplicas.addAll(metadataReplicas);
        builder.truncations.putAll(truncations);
        builder.schemaModified.putAll(schemaModified);
        builder.placementsModified = placementsModified;
        builder.roles.putAll(roles);
        // Each role's permissions are immutable: the next snapshot shares those its entry leaves alone.
        builder.permissions.putAll(permissions);
        return builder;
    }

    /**
     * A builder of the next snapshot: a copy of this one at the next epoch. A transformation
     * changes what its entry changes and builds.
     */
    public Builder next() {
        return builderOf(epoch.next(), clusterName, schema, directory, tokens, movement, metadataReplicas,
                truncations, schemaModified, placementsModified, roles, permissions);
    }

    public Epoch epoch() {
        return epoch;
    }

    public String clusterName() {
        return clusterName;
    }

    public Schema schema() {
        return schema;
    }

    public Directory directory() {
        return directory;
    }

    /** Each joined node's tokens. */
    public SortedMap<NodeId, SortedSet<Long>> tokens() {
        return tokens;
    }

    /** The movement in progress, or null. */
    public RangeMovement movement() {
        return movement;
    }

    public SortedSet<NodeId> metadataReplicas() {
        return metadataReplicas;
    }

    /** Each truncated table's truncation time (microseconds), chosen by the TRUNCATE's entry. */
    public SortedMap<TableId, Long> truncations() {
        return truncations;
    }

    /** The epoch at which each table's schema last changed. */
    public SortedMap<TableId, Epoch> schemaModified() {
        return schemaModified;
    }

    /** The epoch at which any token's placements last changed. */
    public Epoch placementsModified() {
        return placementsModified;
    }

    /** Every role, by name (empty until one is created). */
    public SortedMap<String, RoleRecord> roles() {
        return roles;
    }

    /**
     * The permissions granted directly to each role (not through roles granted to it), by the
     * role's name and then the resource's {@linkplain AuthResource#key key}; empty until one is granted.
     */
    public SortedMap<String, SortedMap<String, Set<Permission>>> permissions() {
        return permissions;
    }

    /** The ring of the joined nodes' tokens. */
    public TokenRing ring() {
        return ring;
    }

    /** The ring once the movement in progress has finished: the ring itself when none runs. */
    public TokenRing nextRing() {
        return nextRing == null ? ring : nextRing;
    }

    /**
     * Where {@code token}'s data of {@code keyspace} is read and written at this epoch. The
     * keyspace must be a replicated one of this snapshot's schema, and the ring not empty.
     */
    public ReplicaPlan planFor(String keyspace, long token) {
        KeyspaceMetadata metadata = schema.keyspace(keyspace);
        if (metadata == null || SystemKeyspaces.isLocal(keyspace)) {
            throw new IllegalArgumentException("No placement for " + keyspace
                    + (metadata == null ? ": no such keyspace at " + epoch : ": its data stays on each node"));
        }
        return planFor(metadata, token);
    }

    /**
     * Where {@code token}'s data of {@code keyspace} is read and written at this epoch, for a
     * replicated keyspace this snapshot's schema need not hold: the built-in system keyspaces
     * (system_traces, system_auth, system_distributed), which every node has.
     */
    public ReplicaPlan planFor(KeyspaceMetadata metadata, long token) {
        if (SystemKeyspaces.isLocal(metadata.name())) {
            throw new IllegalArgumentException("No placement for " + metadata.name() + ": its data stays on each node");
        }
        List<NodeAddress> natural = ring.replicasFor(metadata, token);
        if (movement == null) {
            return new ReplicaPlan(epoch, natural, natural, 0);
        }
        // Placements are worked out by node id: a replacement may come back on the dead node's
        // address, and is then the same address but another replica.
        List<NodeId> old = idsOf(natural, tokens);
        List<NodeId> next = idsOf(nextRing.replicasFor(metadata, token), movement.newTokens());
        NodeId excluded = movement.excluded();
        LinkedHashSet<NodeId> reads = new LinkedHashSet<>(movement.step() == RangeMovement.Step.MID ? next : old);
        LinkedHashSet<NodeId> writes = new LinkedHashSet<>(old);
        if (movement.step() != RangeMovement.Step.PREPARED) {
            writes.addAll(next);
        }
        reads.remove(excluded);
        writes.remove(excluded);
        long pending = writes.stream().filter(node -> !reads.contains(node)).count();
        // The node that takes a dead node's place in a replica set does not add to the count.
        int extra = (int) Math.max(0, pending - (old.contains(excluded) ? 1 : 0));
        return new ReplicaPlan(epoch, addressesOf(reads), addressesOf(writes), extra);
    }

    private List<NodeId> idsOf(List<NodeAddress> replicas, SortedMap<NodeId, SortedSet<Long>> owners) {
        List<NodeId> ids = new ArrayList<>(replicas.size());
        for (NodeAddress replica : replicas) {
            NodeId owner = null;
            for (NodeId candidate : owners.keySet()) {
                if (directory.get(candidate).address().equals(replica)) {
                    owner = candidate;
                    break;
                }
            }
            check(owner != null, "No owner of " + replica + " in the ring at " + epoch);
            ids.add(owner);
        }
        return ids;
    }

    private List<NodeAddress> addressesOf(java.util.Collection<NodeId> ids) {
        return ids.stream().map(id -> directory.get(id).address()).toList();
    }

    private TokenRing ringOf(SortedMap<NodeId, SortedSet<Long>> owners) {
        Map<NodeAddress, List<Long>> byAddress = new HashMap<>();
        Map<NodeAddress, TokenRing.Location> locations = new HashMap<>();
        for (Map.Entry<NodeId, SortedSet<Long>> entry : owners.entrySet()) {
            NodeRecord node = directory.get(entry.getKey());
            check(byAddress.put(node.address(), new ArrayList<>(entry.getValue())) == null,
                    "Two nodes of one ring at " + node.address() + " at " + epoch);
            locations.put(node.address(), new TokenRing.Location(node.dataCenter(), node.rack()));
        }
        return new TokenRing(byAddress, locations);
    }

    private static SortedMap<NodeId, SortedSet<Long>> frozen(Map<NodeId, SortedSet<Long>> tokens) {
        SortedMap<NodeId, SortedSet<Long>> copy = new TreeMap<>();
        tokens.forEach((node, owned) -> {
            check(!owned.isEmpty(), "Node " + node + " is listed with no token");
            copy.put(node, Collections.unmodifiableSortedSet(new TreeSet<>(owned)));
        });
        return Collections.unmodifiableSortedMap(copy);
    }

    private static SortedMap<String, SortedMap<String, Set<Permission>>> frozenPermissions(
            SortedMap<String, SortedMap<String, Set<Permission>>> permissions) {
        SortedMap<String, SortedMap<String, Set<Permission>>> frozen = new TreeMap<>();
        permissions.forEach((role, held) -> {
            SortedMap<String, Set<Permission>> copy = new TreeMap<>();
            held.forEach((resource, granted) -> copy.put(resource, Collections.unmodifiableSet(EnumSet.copyOf(granted))));
            frozen.put(role, Collections.unmodifiableSortedMap(copy));
        });
        return Collections.unmodifiableSortedMap(frozen);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /** Equal snapshots have equal content; the derived rings follow from it. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterMetadata that
                && epoch.equals(that.epoch)
                && clusterName.equals(that.clusterName)
                && schema.equals(that.schema)
                && directory.equals(that.directory)
                && tokens.equals(that.tokens)
                && Objects.equals(movement, that.movement)
                && metadataReplicas.equals(that.metadataReplicas)
                && truncations.equals(that.truncations)
                && schemaModified.equals(that.schemaModified)
                && placementsModified.equals(that.placementsModified)
                && roles.equals(that.roles)
                && permissions.equals(that.permissions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epoch, clusterName, schema.version(), directory, tokens, movement, metadataReplicas);
    }

    @Override
    public String toString() {
        return "ClusterMetadata{" + epoch + ", " + directory.nodes().size() + " nodes, " + tokens.size() + " joined"
                + (movement == null ? "" : ", " + movement.kind() + " of " + movement.node() + " at " + movement.step())
                + ", metadata replicas " + metadataReplicas + "}";
    }

    /** The next snapshot, as a transformation changes it. Only {@link #next()} makes one. */
    public static final class Builder {
        private Epoch epoch;
        private String clusterName;
        private Schema schema;
        private Directory directory;
        private final SortedMap<NodeId, SortedSet<Long>> tokens = new TreeMap<>();
        private RangeMovement movement;
        private final SortedSet<NodeId> metadataReplicas = new TreeSet<>();
        private final SortedMap<TableId, Long> truncations = new TreeMap<>();
        private final SortedMap<TableId, Epoch> schemaModified = new TreeMap<>();
        private Epoch placementsModified;
        private final SortedMap<String, RoleRecord> roles = new TreeMap<>();
        private final SortedMap<String, SortedMap<String, Set<Permission>>> permissions = new TreeMap<>();

        private Builder() {
        }

        public Epoch epoch() {
            return epoch;
        }

        public Builder clusterName(String name) {
            this.clusterName = name;
            return this;
        }

        public Builder schema(Schema next) {
            this.schema = next;
            return this;
        }

        public Builder directory(Directory next) {
            this.directory = next;
            return this;
        }

        /** Sets a joined node's tokens (the placements change at this epoch). */
        public Builder tokens(NodeId node, SortedSet<Long> owned) {
            tokens.put(node, owned);
            placementsModified = epoch;
            return this;
        }

        /** Takes a node out of the ring (the placements change at this epoch). */
        public Builder withoutTokens(NodeId node) {
            tokens.remove(node);
            placementsModified = epoch;
            return this;
        }

        /** Sets or clears the movement (the placements change at this epoch). */
        public Builder movement(RangeMovement next) {
            this.movement = next;
            placementsModified = epoch;
            return this;
        }

        public Builder addMetadataReplica(NodeId node) {
            metadataReplicas.add(node);
            return this;
        }

        public Builder removeMetadataReplica(NodeId node) {
            metadataReplicas.remove(node);
            return this;
        }

        public Builder truncated(TableId table, long micros) {
            truncations.merge(table, micros, Math::max);
            return this;
        }

        /** Records that {@code table}'s schema changes at this epoch. */
        public Builder schemaModified(TableId table) {
            schemaModified.put(table, epoch);
            return this;
        }

        /** Adds or replaces a role. */
        public Builder role(RoleRecord role) {
            roles.put(role.name(), role);
            return this;
        }

        /** Removes a role and the permissions it holds (not those others hold on it: {@link #withoutPermissionsOn}). */
        public Builder withoutRole(String name) {
            roles.remove(name);
            permissions.remove(name);
            return this;
        }

        /** Adds {@code granted} to what {@code role} holds on the resource of key {@code resource}. */
        public Builder grant(String role, String resource, Set<Permission> granted) {
            if (!granted.isEmpty()) {
                SortedMap<String, Set<Permission>> held = new TreeMap<>(
                        permissions.getOrDefault(role, Collections.emptySortedMap()));
                Set<Permission> now = EnumSet.copyOf(granted);
                now.addAll(held.getOrDefault(resource, Set.of()));
                held.put(resource, Collections.unmodifiableSet(now));
                permissions.put(role, Collections.unmodifiableSortedMap(held));
            }
            return this;
        }

        /** Takes {@code revoked} from what {@code role} holds on the resource of key {@code resource}. */
        public Builder revoke(String role, String resource, Set<Permission> revoked) {
            SortedMap<String, Set<Permission>> before = permissions.get(role);
            if (before != null && before.containsKey(resource)) {
                SortedMap<String, Set<Permission>> held = new TreeMap<>(before);
                Set<Permission> rest = EnumSet.copyOf(held.get(resource));
                rest.removeAll(revoked);
                if (rest.isEmpty()) {
                    held.remove(resource);
                } else {
                    held.put(resource, Collections.unmodifiableSet(rest));
                }
                replace(role, held);
            }
            return this;
        }

        /**
         * Removes every permission held on the resources whose keys {@code dropped} accepts: a
         * dropped keyspace, table or role takes its permissions with it, so that one created
         * later under the same name starts with none.
         */
        public Builder withoutPermissionsOn(java.util.function.Predicate<String> dropped) {
            for (String role : List.copyOf(permissions.keySet())) {
                SortedMap<String, Set<Permission>> before = permissions.get(role);
                if (before.keySet().stream().anyMatch(dropped)) {
                    SortedMap<String, Set<Permission>> held = new TreeMap<>(before);
                    held.keySet().removeIf(dropped);
                    replace(role, held);
                }
            }
            return this;
        }

        /** What {@code role} holds from now: {@code held}, or nothing when it is empty. */
        private void replace(String role, SortedMap<String, Set<Permission>> held) {
            if (held.isEmpty()) {
                permissions.remove(role);
            } else {
                permissions.put(role, Collections.unmodifiableSortedMap(held));
            }
        }

        public ClusterMetadata build() {
            return new ClusterMetadata(this);
        }
    }
}
