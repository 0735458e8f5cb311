package io.cairn.node.query;

import io.cairn.cql.ast.DescribeStatement;
import io.cairn.cql.ast.DescribeStatement.Kind;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.UserType;
import io.cairn.node.schema.CqlNames;
import io.cairn.node.schema.IndexMetadata;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaDescriber;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code DESCRIBE}, executed on the server as Cassandra 4+ executes it (cqlsh 6 sends it as a
 * statement): rows of {@code keyspace_name, type, name} for the listings (KEYSPACES, TABLES,
 * TYPES, FUNCTIONS, AGGREGATES), with {@code create_statement} for the elements, their CQL
 * as {@link SchemaDescriber} writes it; refusals in Cassandra's words.
 */
final class DescribeStatements {

    private static final Set<Kind> LISTINGS = Set.of(Kind.KEYSPACES, Kind.TABLES, Kind.TYPES, Kind.FUNCTIONS,
            Kind.AGGREGATES);
    private static final String DESCRIBE = "[describe]";

    private DescribeStatements() {
    }

    /** The result columns of a DESCRIBE, known when it is prepared. */
    static List<ResultColumn> columns(DescribeStatement statement) {
        if (statement.kind() == Kind.CLUSTER) {
            throw CqlException.invalid("DESCRIBE CLUSTER is not supported yet; DESCRIBE KEYSPACES, SCHEMA, "
                    + "KEYSPACE, TABLES, TABLE, TYPES and TYPE are");
        }
        List<ResultColumn> columns = new ArrayList<>(List.of(column("keyspace_name"), column("type"),
                column("name")));
        if (!LISTINGS.contains(statement.kind())) {
            columns.add(column("create_statement"));
        }
        return columns;
    }

    private static ResultColumn column(String name) {
        return new ResultColumn(DESCRIBE, DESCRIBE, name, NativeType.TEXT);
    }

    static QueryResult.Rows execute(DescribeStatement statement, Schema schema, String sessionKeyspace) {
        List<List<ByteBuffer>> rows = new ArrayList<>();
        switch (statement.kind()) {
            case KEYSPACES -> {
                for (KeyspaceMetadata keyspace : sorted(schema)) {
                    rows.add(row(keyspace.name(), "keyspace", keyspace.name(), null));
                }
            }
            case TABLES, TYPES, FUNCTIONS, AGGREGATES -> {
                for (KeyspaceMetadata keyspace : listed(schema, sessionKeyspace)) {
                    if (statement.kind() == Kind.TABLES) {
                        names(keyspace.tables().keySet()).forEach(t -> rows.add(row(keyspace.name(), "table", t, null)));
                    } else if (statement.kind() == Kind.TYPES) {
                        names(keyspace.types().keySet()).forEach(t -> rows.add(row(keyspace.name(), "type", t, null)));
                    }
                }
            }
            case SCHEMA, FULL_SCHEMA -> {
                for (KeyspaceMetadata keyspace : sorted(schema)) {
                    if (statement.kind() == Kind.FULL_SCHEMA || !SystemKeyspaces.isSystem(keyspace.name())) {
                        addKeyspace(rows, keyspace, false);
                    }
                }
            }
            case KEYSPACE, ONLY_KEYSPACE -> addKeyspace(rows, keyspace(schema, statement.keyspace(), sessionKeyspace),
                    statement.kind() == Kind.ONLY_KEYSPACE);
            case TABLE -> {
                KeyspaceMetadata keyspace = keyspace(schema, statement.keyspace(), sessionKeyspace);
                TableMetadata table = keyspace.tables().get(statement.name());
                if (table == null) {
                    throw CqlException.invalid("Table '" + statement.name() + "' not found in keyspace '"
                            + keyspace.name() + "'");
                }
                addTable(rows, table);
            }
            case TYPE -> {
                KeyspaceMetadata keyspace = keyspace(schema, statement.keyspace(), sessionKeyspace);
                UserType type = keyspace.types().get(statement.name());
                if (type == null) {
                    throw CqlException.invalid("User defined type '" + statement.name() + "' not found in '"
                            + keyspace.name() + "'");
                }
                rows.add(row(keyspace.name(), "type", type.name(), SchemaDescriber.type(type)));
            }
            case INDEX -> {
                KeyspaceMetadata keyspace = keyspace(schema, statement.keyspace(), sessionKeyspace);
                TableMetadata table = keyspace.tableOfIndex(statement.name());
                if (table == null) {
                    throw CqlException.invalid("Table for existing index '" + statement.name() + "' not found in '"
                            + keyspace.name() + "'");
                }
                IndexMetadata index = table.indexes().get(statement.name());
                rows.add(row(keyspace.name(), "index", index.name(), SchemaDescriber.index(table, index)));
            }
            case MATERIALIZED_VIEW, FUNCTION, AGGREGATE -> {
                KeyspaceMetadata keyspace = keyspace(schema, statement.keyspace(), sessionKeyspace);
                String what = switch (statement.kind()) {
                    case MATERIALIZED_VIEW -> "Materialized view";
                    case FUNCTION -> "User defined function";
                    default -> "User defined aggregate";
                };
                // Cairn has none of these (the statements creating them are refused).
                throw CqlException.invalid(what + " '" + statement.name() + "' not found in '" + keyspace.name() + "'");
            }
            case ELEMENT -> element(rows, statement, schema, sessionKeyspace);
            default -> throw new IllegalStateException("DESCRIBE " + statement.kind() + " has no columns");
        }
        return new QueryResult.Rows(columns(statement), rows, null);
    }

    /** {@code DESCRIBE name}: a keyspace of that name, else a table of the keyspace named or in use. */
    private static void element(List<List<ByteBuffer>> rows, DescribeStatement statement, Schema schema,
                                String sessionKeyspace) {
        if (statement.keyspace() == null && schema.keyspace(statement.name()) != null) {
            addKeyspace(rows, schema.keyspace(statement.name()), false);
            return;
        }
        KeyspaceMetadata keyspace = keyspace(schema, statement.keyspace(), sessionKeyspace);
        TableMetadata table = keyspace.tables().get(statement.name());
        if (table != null) {
            addTable(rows, table);
            return;
        }
        TableMetadata indexed = keyspace.tableOfIndex(statement.name());
        if (indexed == null) {
            throw CqlException.invalid("'" + statement.name() + "' not found in keyspace '" + keyspace.name() + "'");
        }
        IndexMetadata index = indexed.indexes().get(statement.name());
        rows.add(row(keyspace.name(), "index", index.name(), SchemaDescriber.index(indexed, index)));
    }

    /** A table, then its indexes by name. */
    private static void addTable(List<List<ByteBuffer>> rows, TableMetadata table) {
        rows.add(row(table.keyspace(), "table", table.name(), SchemaDescriber.table(table)));
        for (IndexMetadata index : table.indexes().values()) {
            rows.add(row(table.keyspace(), "index", index.name(), SchemaDescriber.index(table, index)));
        }
    }


    /** The keyspace, its types (each after those it uses) and its tables, by name. */
    private static void addKeyspace(List<List<ByteBuffer>> rows, KeyspaceMetadata keyspace, boolean only) {
        rows.add(row(keyspace.name(), "keyspace", keyspace.name(), SchemaDescriber.keyspace(keyspace)));
        if (only) {
            return;
        }
        for (UserType type : SchemaDescriber.typesInCreationOrder(keyspace)) {
            rows.add(row(keyspace.name(), "type", type.name(), SchemaDescriber.type(type)));
        }
        for (String name : names(keyspace.tables().keySet())) {
            addTable(rows, keyspace.tables().get(name));
        }
    }

    private static KeyspaceMetadata keyspace(Schema schema, String named, String sessionKeyspace) {
        String name = named != null ? named : sessionKeyspace;
        if (name == null) {
            throw CqlException.invalid("No keyspace specified and no current keyspace");
        }
        KeyspaceMetadata keyspace = schema.keyspace(name);
        if (keyspace == null) {
            throw CqlException.invalid("'" + name + "' not found in keyspaces");
        }
        return keyspace;
    }

    /** The keyspace in use, or every keyspace when none is. */
    private static List<KeyspaceMetadata> listed(Schema schema, String sessionKeyspace) {
        return sessionKeyspace == null ? sorted(schema) : List.of(keyspace(schema, null, sessionKeyspace));
    }

    private static List<KeyspaceMetadata> sorted(Schema schema) {
        List<String> names = names(schema.keyspaces().keySet());
        return names.stream().map(schema::keyspace).toList();
    }

    private static List<String> names(Set<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(SchemaDescriber.NAME_ORDER);
        return sorted;
    }

    private static List<ByteBuffer> row(String keyspace, String type, String name, String createStatement) {
        List<ByteBuffer> row = new ArrayList<>(4);
        row.add(NativeType.TEXT.decompose(CqlNames.quoteIfNeeded(keyspace)));
        row.add(NativeType.TEXT.decompose(type));
        row.add(NativeType.TEXT.decompose(CqlNames.quoteIfNeeded(name)));
        if (createStatement != null) {
            row.add(NativeType.TEXT.decompose(createStatement));
        }
        return row;
    }
}
