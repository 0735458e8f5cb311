package io.cairn.node.metadata;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.cql.ast.Permission;
import io.cairn.node.schema.Schema;
import io.cairn.storage.TableId;

import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The form of a whole {@link ClusterMetadata} snapshot, for the local log's snapshots and for
 * a node that catches up from one. Layout: {@code [epoch][cluster name][schema][directory]
 * [token owners][movement?][metadata replicas][truncations][schema modified][placements modified]
 * [roles][permissions]} (the roles since layout 2, the permissions since layout 3);
 * the derived rings are not written: they follow from the rest. A snapshot read back passes the
 * same checks as one a transformation built.
 */
final class SnapshotCodec {

    static final MetadataWire.WireEnum<RangeMovement.Kind> MOVEMENT_KINDS = new MetadataWire.WireEnum<>(
            "movement kind", RangeMovement.Kind.class, List.of(RangeMovement.Kind.JOIN, RangeMovement.Kind.LEAVE,
            RangeMovement.Kind.REPLACE, RangeMovement.Kind.REMOVE, RangeMovement.Kind.MOVE));
    static final MetadataWire.WireEnum<RangeMovement.Step> MOVEMENT_STEPS = new MetadataWire.WireEnum<>(
            "movement step", RangeMovement.Step.class, List.of(RangeMovement.Step.PREPARED,
            RangeMovement.Step.STARTED, RangeMovement.Step.MID));

    /** The smallest table entry: two one-letter names and an 8-byte value. */
    private static final int MIN_TABLE_ENTRY_BYTES = 2 * (4 + 1) + 8;

    private SnapshotCodec() {
    }

    /**
     * The byte-array form's version: 2 adds the roles after the placements' epoch, 3 the
     * permissions after the roles. A snapshot of version 1 (saved before roles existed) is read
     * as one without roles, one of version 2 as one without permissions.
     */
    static final int VERSION = 3;
    static final int VERSION_WITHOUT_PERMISSIONS = 2;
    static final int VERSION_WITHOUT_ROLES = 1;

    /** The smallest entry of a role's permissions: a one-letter resource key and the permission bits. */
    private static final int MIN_GRANT_BYTES = (4 + 1) + 4;

    static void write(ByteWriter out, ClusterMetadata snapshot) {
        MetadataWire.writeEpoch(out, snapshot.epoch());
        MetadataWire.writeName(out, snapshot.clusterName(), "cluster name");
        SchemaCodec.write(out, snapshot.schema());
        MetadataWire.writeDirectory(out, snapshot.directory());
        MetadataWire.writeTokenOwners(out, snapshot.tokens());
        MetadataWire.writeNullable(out, snapshot.movement(), SnapshotCodec::writeMovement);
        MetadataWire.writeNodeIds(out, snapshot.metadataReplicas());
        MetadataWire.writeMap(out, snapshot.truncations(), MetadataWire.MAX_TABLES, "truncated tables",
                MetadataWire::writeTable, ByteWriter::writeLong);
        MetadataWire.writeMap(out, snapshot.schemaModified(), MetadataWire.MAX_TABLES, "tables of schema changes",
                MetadataWire::writeTable, MetadataWire::writeEpoch);
        MetadataWire.writeEpoch(out, snapshot.placementsModified());
        MetadataWire.writeMap(out, snapshot.roles(), ClusterMetadata.MAX_ROLES, "roles",
                (writer, name) -> { }, MetadataWire::writeRole);
        MetadataWire.writeMap(out, snapshot.permissions(), ClusterMetadata.MAX_ROLES, "roles with permissions",
                (writer, role) -> MetadataWire.writeName(writer, role, "role name"),
                (writer, held) -> MetadataWire.writeMap(writer, held, ClusterMetadata.MAX_GRANTS,
                        "resources with permissions", MetadataWire::writeResource, MetadataWire::writePermissions));
    }

    static ClusterMetadata read(ByteReader in) {
        return read(in, VERSION);
    }

    /** A snapshot of layout {@code version}: {@link #VERSION} or an earlier one. */
    static ClusterMetadata read(ByteReader in, int version) {
        Epoch epoch = MetadataWire.readEpoch(in);
        String clusterName = MetadataWire.readName(in);
        Schema schema = SchemaCodec.readSchema(in);
        Directory directory = MetadataWire.readDirectory(in);
        SortedMap<NodeId, SortedSet<Long>> tokens = MetadataWire.readTokenOwners(in);
        RangeMovement movement = MetadataWire.readNullable(in, SnapshotCodec::readMovement);
        SortedSet<NodeId> metadataReplicas = MetadataWire.readNodeIds(in);
        SortedMap<TableId, Long> truncations = MetadataWire.readMap(in, MetadataWire.MAX_TABLES,
                MIN_TABLE_ENTRY_BYTES, "truncated table", MetadataWire::readTable, ByteReader::readLong);
        SortedMap<TableId, Epoch> schemaModified = MetadataWire.readMap(in, MetadataWire.MAX_TABLES,
                MIN_TABLE_ENTRY_BYTES, "table of a schema change", MetadataWire::readTable, MetadataWire::readEpoch);
        Epoch placementsModified = MetadataWire.readEpoch(in);
        SortedMap<String, RoleRecord> roles = new java.util.TreeMap<>();
        if (version >= VERSION_WITHOUT_PERMISSIONS) {
            int count = in.readCount(MetadataWire.MIN_ROLE_BYTES, ClusterMetadata.MAX_ROLES);
            for (int i = 0; i < count; i++) {
                RoleRecord role = MetadataWire.readRole(in);
                if (!roles.isEmpty() && role.name().compareTo(roles.lastKey()) <= 0) {
                    throw in.malformed("expected roles in ascending order, found " + role.name() + " after "
                            + roles.lastKey());
                }
                roles.put(role.name(), role);
            }
        }
        SortedMap<String, SortedMap<String, Set<Permission>>> permissions = version >= VERSION
                ? MetadataWire.readMap(in, ClusterMetadata.MAX_ROLES, (4 + 1) + 4, "role with permissions",
                        MetadataWire::readName, held -> MetadataWire.readMap(held, ClusterMetadata.MAX_GRANTS,
                                MIN_GRANT_BYTES, "resource with permissions", MetadataWire::readResource,
                                MetadataWire::readPermissions))
                : new java.util.TreeMap<>();
        return MetadataWire.checked(in, "cluster metadata snapshot", () -> ClusterMetadata.restore(epoch,
                clusterName, schema, directory, tokens, movement, metadataReplicas, truncations, schemaModified,
                placementsModified, roles, permissions));
    }

    static void writeMovement(ByteWriter out, RangeMovement movement) {
        MOVEMENT_KINDS.write(out, movement.kind());
        MetadataWire.writeNodeId(out, movement.node());
        MetadataWire.writeNullable(out, movement.replaced(), MetadataWire::writeNodeId);
        MetadataWire.writeTokenOwners(out, movement.newTokens());
        MOVEMENT_STEPS.write(out, movement.step());
        MetadataWire.writeEpoch(out, movement.started());
    }

    static RangeMovement readMovement(ByteReader in) {
        RangeMovement.Kind kind = MOVEMENT_KINDS.read(in);
        NodeId node = MetadataWire.readNodeId(in);
        NodeId replaced = MetadataWire.readNullable(in, MetadataWire::readNodeId);
        SortedMap<NodeId, SortedSet<Long>> newTokens = MetadataWire.readTokenOwners(in);
        RangeMovement.Step step = MOVEMENT_STEPS.read(in);
        Epoch started = MetadataWire.readEpoch(in);
        return MetadataWire.checked(in, "range movement",
                () -> new RangeMovement(kind, node, replaced, newTokens, step, started));
    }
}
