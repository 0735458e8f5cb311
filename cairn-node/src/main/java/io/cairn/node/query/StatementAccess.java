package io.cairn.node.query;

import io.cairn.cql.ast.AlterKeyspaceStatement;
import io.cairn.cql.ast.AlterTableStatement;
import io.cairn.cql.ast.AlterTypeStatement;
import io.cairn.cql.ast.AuthResource;
import io.cairn.cql.ast.CreateIndexStatement;
import io.cairn.cql.ast.CreateKeyspaceStatement;
import io.cairn.cql.ast.CreateTableStatement;
import io.cairn.cql.ast.CreateTypeStatement;
import io.cairn.cql.ast.DropIndexStatement;
import io.cairn.cql.ast.DropKeyspaceStatement;
import io.cairn.cql.ast.DropTableStatement;
import io.cairn.cql.ast.DropTypeStatement;
import io.cairn.cql.ast.Permission;
import io.cairn.cql.ast.Statement;
import io.cairn.cql.ast.TruncateStatement;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What each statement needs of the client's permissions, as Cassandra's statements ask:
 * SELECT on the table read, MODIFY on the table written (and SELECT too when the write has
 * conditions), CREATE on all keyspaces to create a keyspace, CREATE on a keyspace to create a
 * table or type in it, ALTER and DROP on what is altered or dropped (a type's keyspace for a
 * type). USE and the role statements need nothing here (the role statements check their own).
 * Everyone may read the schema and the tables that drivers read to find the cluster.
 */
final class StatementAccess {

    /** What a statement needs: {@code permission} on {@code resource}. */
    record Need(Permission permission, AuthResource resource) {
    }

    /** The system tables every client may read, as Cassandra's: drivers read them on connecting. */
    private static final Set<String> READABLE_SYSTEM_TABLES = Set.of("local", "peers", "peers_v2",
            "size_estimates", "table_estimates");

    private StatementAccess() {
    }

    /** What a read of {@code table} needs: nothing for the schema and the cluster tables drivers read. */
    static List<Need> read(TableMetadata table) {
        String keyspace = table.keyspace();
        if (keyspace.equals(SystemKeyspaces.SYSTEM_SCHEMA) || keyspace.equals(SystemKeyspaces.SYSTEM_VIRTUAL_SCHEMA)
                || (keyspace.equals(SystemKeyspaces.SYSTEM) && READABLE_SYSTEM_TABLES.contains(table.name()))) {
            return List.of();
        }
        return List.of(new Need(Permission.SELECT, AuthResource.table(keyspace, table.name())));
    }

    /** What a write of {@code table} needs; with conditions it reads too. */
    static List<Need> write(TableMetadata table, boolean conditional) {
        AuthResource resource = AuthResource.table(table.keyspace(), table.name());
        return conditional ? List.of(new Need(Permission.MODIFY, resource), new Need(Permission.SELECT, resource))
                : List.of(new Need(Permission.MODIFY, resource));
    }

    /** What a statement other than SELECT, INSERT, UPDATE, DELETE and BATCH needs. */
    static List<Need> of(Statement statement, String sessionKeyspace) {
        List<Need> needs = new ArrayList<>(1);
        if (statement instanceof CreateKeyspaceStatement) {
            needs.add(new Need(Permission.CREATE, AuthResource.ALL_KEYSPACES));
        } else if (statement instanceof AlterKeyspaceStatement alter) {
            needs.add(new Need(Permission.ALTER, AuthResource.keyspace(alter.keyspace())));
        } else if (statement instanceof DropKeyspaceStatement drop) {
            needs.add(new Need(Permission.DROP, AuthResource.keyspace(drop.keyspace())));
        } else if (statement instanceof CreateTableStatement create) {
            needs.add(new Need(Permission.CREATE, AuthResource.keyspace(
                    SchemaManager.keyspaceOf(create.table(), sessionKeyspace))));
        } else if (statement instanceof AlterTableStatement alter) {
            needs.add(new Need(Permission.ALTER, table(alter.table(), sessionKeyspace)));
        } else if (statement instanceof DropTableStatement drop) {
            needs.add(new Need(Permission.DROP, table(drop.table(), sessionKeyspace)));
        } else if (statement instanceof TruncateStatement truncate) {
            needs.add(new Need(Permission.MODIFY, table(truncate.table(), sessionKeyspace)));
        } else if (statement instanceof CreateTypeStatement create) {
            needs.add(new Need(Permission.CREATE, AuthResource.keyspace(
                    SchemaManager.keyspaceOf(create.type(), sessionKeyspace))));
        } else if (statement instanceof AlterTypeStatement alter) {
            needs.add(new Need(Permission.ALTER, AuthResource.keyspace(
                    SchemaManager.keyspaceOf(alter.type(), sessionKeyspace))));
        } else if (statement instanceof DropTypeStatement drop) {
            needs.add(new Need(Permission.DROP, AuthResource.keyspace(
                    SchemaManager.keyspaceOf(drop.type(), sessionKeyspace))));
        } else if (statement instanceof CreateIndexStatement create) {
            needs.add(new Need(Permission.ALTER, table(create.table(), sessionKeyspace)));
        } else if (statement instanceof DropIndexStatement drop) {
            // The index's table is known only to the schema: ALTER on its keyspace covers it.
            needs.add(new Need(Permission.ALTER, AuthResource.keyspace(
                    SchemaManager.keyspaceOf(drop.index(), sessionKeyspace))));
        }
        return needs;
    }

    /**
     * The resource a creating statement made, whose permissions its creator is granted: a
     * keyspace or a table; null for anything else.
     */
    static AuthResource created(Statement statement, String sessionKeyspace) {
        if (statement instanceof CreateKeyspaceStatement create) {
            return AuthResource.keyspace(create.keyspace());
        }
        if (statement instanceof CreateTableStatement create) {
            return table(create.table(), sessionKeyspace);
        }
        return null;
    }

    private static AuthResource table(io.cairn.cql.ast.QualifiedName name, String sessionKeyspace) {
        return AuthResource.table(SchemaManager.keyspaceOf(name, sessionKeyspace), name.name());
    }
}
