package io.cairn.node.metadata;

import io.cairn.cql.ast.AuthResource;
import io.cairn.node.schema.DdlTransformer;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaChange;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.TableId;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A DDL statement's effect on one keyspace: the keyspace as it is after (null when dropped)
 * and the event drivers are told. The proposer worked it out against the snapshot at
 * {@code basedOn}, so it only follows that snapshot: against any other, it is refused as
 * stale and the statement is worked out again. A dropped keyspace or table takes the permissions
 * granted on it along.
 */
public record AlterSchema(Epoch basedOn, String keyspace, KeyspaceMetadata after, SchemaChange change)
        implements Transformation {

    public AlterSchema {
        Objects.requireNonNull(basedOn, "basedOn");
        Objects.requireNonNull(keyspace, "keyspace");
        Objects.requireNonNull(change, "change");
        if (after != null && !after.name().equals(keyspace)) {
            throw new IllegalArgumentException("A change of keyspace " + keyspace + " holds keyspace " + after.name());
        }
    }

    /** The entry that {@code edit}, worked out against {@code current}'s schema, makes. */
    public static AlterSchema of(ClusterMetadata current, DdlTransformer.Edit edit) {
        return new AlterSchema(current.epoch(), edit.keyspace(), edit.after(), edit.change());
    }

    @Override
    public Kind kind() {
        return Kind.ALTER_SCHEMA;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        if (!previous.epoch().equals(basedOn)) {
            return new Rejected(Rejection.STALE, "Worked out at " + basedOn + ", but the log is at "
                    + previous.epoch());
        }
        Map<String, KeyspaceMetadata> keyspaces = new TreeMap<>(previous.schema().keyspaces());
        KeyspaceMetadata before = after == null ? keyspaces.remove(keyspace) : keyspaces.put(keyspace, after);
        if (before == null && after == null) {
            return Transformation.invalid("Keyspace " + keyspace + " does not exist");
        }
        ClusterMetadata.Builder next = previous.next().schema(Schema.of(keyspaces));
        Set<String> tables = new TreeSet<>();
        if (before != null) {
            tables.addAll(before.tables().keySet());
        }
        if (after != null) {
            tables.addAll(after.tables().keySet());
        }
        for (String table : tables) {
            TableMetadata was = before == null ? null : before.tables().get(table);
            TableMetadata is = after == null ? null : after.tables().get(table);
            if (!Objects.equals(was, is)) {
                next.schemaModified(new TableId(keyspace, table));
            }
            if (was != null && is == null) {
                next.withoutPermissionsOn(AuthResource.table(keyspace, table).key()::equals);
            }
        }
        if (after == null) {
            String dropped = AuthResource.keyspace(keyspace).key();
            next.withoutPermissionsOn(key -> key.equals(dropped) || key.startsWith(dropped + "/"));
        }
        return Transformation.applied(next);
    }
}
