package io.cairn.node.metadata;

import io.cairn.cql.ast.Permission;
import io.cairn.node.schema.SchemaChange;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Permissions are cluster metadata: granted and revoked by log entries, checked by every
 * snapshot, kept by snapshots, and gone with what they were granted on.
 */
class ChangePermissionsTest {

    private static ClusterMetadata applied(ClusterMetadata before, Transformation change) {
        Transformation.Result result = change.apply(before);
        assertThat(result).as(String.valueOf(result)).isInstanceOf(Transformation.Applied.class);
        return ((Transformation.Applied) result).next();
    }

    private static ClusterMetadata withRoles(SchemaFixtures ddl, String... names) {
        ClusterMetadata metadata = ClusterMetadata.empty("c", ddl.schema());
        for (String name : names) {
            metadata = applied(metadata, new ChangeRole(ChangeRole.Op.CREATE,
                    new RoleRecord(name, false, true, null, new TreeSet<>())));
        }
        return metadata;
    }

    private static ChangePermissions grant(String role, String resource, Permission... permissions) {
        return new ChangePermissions(true, role, resource, EnumSet.of(permissions[0], permissions));
    }

    @Test
    void grantsAddUpAndRevokesTakeAwayOnlyWhatTheyName() {
        ClusterMetadata start = withRoles(SchemaFixtures.rich(), "alice");
        ClusterMetadata granted = applied(applied(start, grant("alice", "data/shop", Permission.SELECT)),
                grant("alice", "data/shop", Permission.MODIFY, Permission.SELECT));
        assertThat(granted.permissions()).isEqualTo(Map.of("alice",
                Map.of("data/shop", EnumSet.of(Permission.SELECT, Permission.MODIFY))));
        ClusterMetadata revoked = applied(granted, new ChangePermissions(false, "alice", "data/shop",
                EnumSet.of(Permission.SELECT)));
        assertThat(revoked.permissions().get("alice")).containsExactly(Map.entry("data/shop",
                EnumSet.of(Permission.MODIFY)));
        ClusterMetadata none = applied(revoked, new ChangePermissions(false, "alice", "data/shop",
                EnumSet.of(Permission.MODIFY, Permission.DROP)));
        assertThat(none.permissions()).as("a role left with nothing is not listed").isEmpty();
        assertThat(grant("ghost", "data", Permission.SELECT).apply(start))
                .isInstanceOf(Transformation.Rejected.class);
    }

    @Test
    void anEntryOrSnapshotThatBreaksTheRulesIsRefused() {
        assertThatThrownBy(() -> grant("alice", "data/shop/orders", Permission.CREATE))
                .as("CREATE does not apply to a table").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> grant("alice", "tables/shop", Permission.SELECT))
                .isInstanceOf(IllegalArgumentException.class);
        ClusterMetadata start = withRoles(new SchemaFixtures(), "alice");
        assertThatThrownBy(() -> start.next().grant("ghost", "data", EnumSet.of(Permission.SELECT)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ghost");
    }

    @Test
    void droppingAKeyspaceATableOrARoleTakesThePermissionsOnItAlong() {
        SchemaFixtures ddl = SchemaFixtures.rich();
        ClusterMetadata metadata = withRoles(ddl, "alice", "bob");
        metadata = applied(metadata, grant("alice", "data/shop", Permission.SELECT));
        metadata = applied(metadata, grant("alice", "data/shop/orders", Permission.MODIFY));
        metadata = applied(metadata, grant("alice", "data/scratch/kv", Permission.SELECT));
        metadata = applied(metadata, grant("alice", "data", Permission.CREATE));
        metadata = applied(metadata, grant("alice", "roles/bob", Permission.ALTER));
        metadata = applied(metadata, grant("bob", "data/scratch", Permission.DROP));

        SchemaChange droppedTable = ddl.run("DROP TABLE shop.orders");
        metadata = applied(metadata, new AlterSchema(metadata.epoch(), "shop", ddl.keyspace("shop"), droppedTable));
        assertThat(metadata.permissions().get("alice")).doesNotContainKey("data/shop/orders")
                .containsKeys("data/shop", "data/scratch/kv");

        SchemaChange droppedKeyspace = ddl.run("DROP KEYSPACE scratch");
        metadata = applied(metadata, new AlterSchema(metadata.epoch(), "scratch", null, droppedKeyspace));
        assertThat(metadata.permissions().get("alice")).doesNotContainKey("data/scratch/kv");
        assertThat(metadata.permissions()).as("bob held only a permission on scratch").doesNotContainKey("bob");

        metadata = applied(metadata, new ChangeRole(ChangeRole.Op.DROP, metadata.roles().get("bob")));
        assertThat(metadata.permissions().get("alice")).containsOnlyKeys("data", "data/shop");
        assertThat(MetadataSerializers.deserializeSnapshot(MetadataSerializers.serialize(metadata)))
                .as("a snapshot keeps them").isEqualTo(metadata);
    }
}
