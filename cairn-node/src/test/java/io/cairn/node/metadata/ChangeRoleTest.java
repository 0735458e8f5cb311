package io.cairn.node.metadata;

import io.cairn.common.wire.ByteWriter;
import io.cairn.node.schema.Schema;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Roles are cluster metadata: created, altered and dropped by log entries, and kept by snapshots. */
class ChangeRoleTest {

    private static final ClusterMetadata EMPTY = ClusterMetadata.empty("c", new Schema(Map.of(), new UUID(0, 0)));

    private static RoleRecord role(String name, String... memberOf) {
        return new RoleRecord(name, false, true, null, new TreeSet<>(Set.of(memberOf)));
    }

    private static ClusterMetadata applied(ClusterMetadata before, Transformation change) {
        Transformation.Result result = change.apply(before);
        assertThat(result).isInstanceOf(Transformation.Applied.class);
        return ((Transformation.Applied) result).next();
    }

    @Test
    void createAlterAndDropFollowTheRulesOfExistence() {
        ClusterMetadata one = applied(EMPTY, new ChangeRole(ChangeRole.Op.CREATE, role("admin")));
        assertThat(one.roles()).containsOnlyKeys("admin");
        assertThat(new ChangeRole(ChangeRole.Op.CREATE, role("admin")).apply(one))
                .isEqualTo(new Transformation.Rejected(Transformation.Rejection.ALREADY_EXISTS,
                        "Role admin already exists"));
        assertThat(new ChangeRole(ChangeRole.Op.ALTER, role("nobody")).apply(one))
                .isInstanceOf(Transformation.Rejected.class);
        assertThat(new ChangeRole(ChangeRole.Op.DROP, role("nobody")).apply(one))
                .isInstanceOf(Transformation.Rejected.class);
        ClusterMetadata altered = applied(one, new ChangeRole(ChangeRole.Op.ALTER, role("admin").withSuperuser(true)));
        assertThat(altered.roles().get("admin").superuser()).isTrue();
    }

    @Test
    void droppingARoleRevokesItFromEveryRoleItWasGrantedTo() {
        ClusterMetadata roles = applied(applied(EMPTY, new ChangeRole(ChangeRole.Op.CREATE, role("reader"))),
                new ChangeRole(ChangeRole.Op.CREATE, role("alice", "reader")));
        ClusterMetadata dropped = applied(roles, new ChangeRole(ChangeRole.Op.DROP, role("reader")));
        assertThat(dropped.roles()).containsOnlyKeys("alice");
        assertThat(dropped.roles().get("alice").memberOf()).isEmpty();
    }

    @Test
    void aSnapshotCannotGrantARoleThatDoesNotExist() {
        assertThatThrownBy(() -> EMPTY.next().role(role("alice", "ghost")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ghost");
    }

    @Test
    void aSnapshotSavedBeforeRolesExistedReadsAsOneWithoutRoles() {
        ClusterMetadata withRole = applied(EMPTY, new ChangeRole(ChangeRole.Op.CREATE, role("admin")));
        // The layout of version 1: everything up to the placements' epoch, no roles after it.
        ByteWriter out = new ByteWriter(256).writeByte(SnapshotCodec.VERSION_WITHOUT_ROLES);
        SnapshotCodec.write(out, withRole);
        byte[] current = out.toByteArray();
        // Less the roles and the (empty) permissions after them.
        byte[] withoutRoles = java.util.Arrays.copyOf(current, current.length - rolesBytes(withRole) - 4);
        ClusterMetadata read = MetadataSerializers.deserializeSnapshot(withoutRoles);
        assertThat(read.roles()).isEmpty();
        assertThat(read.epoch()).isEqualTo(withRole.epoch());
        assertThat(MetadataSerializers.deserializeSnapshot(MetadataSerializers.serialize(withRole)))
                .isEqualTo(withRole);
    }

    @Test
    void aSnapshotSavedBeforePermissionsExistedReadsAsOneWithRolesAndWithoutPermissions() {
        ClusterMetadata withRole = applied(EMPTY, new ChangeRole(ChangeRole.Op.CREATE, role("admin")));
        // The layout of version 2: the roles last, no permissions after them.
        ByteWriter out = new ByteWriter(256).writeByte(SnapshotCodec.VERSION_WITHOUT_PERMISSIONS);
        SnapshotCodec.write(out, withRole);
        byte[] current = out.toByteArray();
        ClusterMetadata read = MetadataSerializers.deserializeSnapshot(java.util.Arrays.copyOf(current,
                current.length - 4));
        assertThat(read.roles()).containsOnlyKeys("admin");
        assertThat(read.permissions()).isEmpty();
    }

    /** How many bytes the roles take at the end of a snapshot's layout. */
    private static int rolesBytes(ClusterMetadata snapshot) {
        ByteWriter roles = new ByteWriter(64);
        MetadataWire.writeMap(roles, snapshot.roles(), ClusterMetadata.MAX_ROLES, "roles", (writer, name) -> { },
                MetadataWire::writeRole);
        return roles.toByteArray().length;
    }

    @Test
    void aRolePrintsNoHash() {
        RoleRecord role = new RoleRecord("alice", false, true, "$2a$10$secretsecretsecretsecretsecretsecretsecretsecretsecre",
                new TreeSet<>());
        assertThat(role.toString()).doesNotContain("$2a$").contains("password");
    }
}
