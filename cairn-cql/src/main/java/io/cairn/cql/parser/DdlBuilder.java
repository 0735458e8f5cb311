package io.cairn.cql.parser;

import io.cairn.cql.ast.AlterKeyspaceStatement;
import io.cairn.cql.ast.AlterTableAction;
import io.cairn.cql.ast.AlterTableStatement;
import io.cairn.cql.ast.AlterTypeAction;
import io.cairn.cql.ast.AlterTypeStatement;
import io.cairn.cql.ast.ClusteringOrder;
import io.cairn.cql.ast.ColumnDefinition;
import io.cairn.cql.ast.CreateIndexStatement;
import io.cairn.cql.ast.CreateKeyspaceStatement;
import io.cairn.cql.ast.CreateTableStatement;
import io.cairn.cql.ast.CreateTypeStatement;
import io.cairn.cql.ast.DropIndexStatement;
import io.cairn.cql.ast.DropKeyspaceStatement;
import io.cairn.cql.ast.DropTableStatement;
import io.cairn.cql.ast.DropTypeStatement;
import io.cairn.cql.ast.FieldDefinition;
import io.cairn.cql.ast.IndexTarget;
import io.cairn.cql.ast.OptionValue;
import io.cairn.cql.ast.PrimaryKey;
import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.Rename;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the statements that define keyspaces, tables, user types and indexes. */
final class DdlBuilder {

    private final TypeBuilder types;
    private final OptionsBuilder options;

    DdlBuilder(TypeBuilder types, OptionsBuilder options) {
        this.types = types;
        this.options = options;
    }

    CreateKeyspaceStatement createKeyspace(CqlParser.CreateKeyspaceStatementContext ctx) {
        return new CreateKeyspaceStatement(Identifiers.keyspace(ctx.keyspaceName()), ctx.ifNotExists() != null,
                options.properties(ctx.properties()));
    }

    AlterKeyspaceStatement alterKeyspace(CqlParser.AlterKeyspaceStatementContext ctx) {
        return new AlterKeyspaceStatement(Identifiers.keyspace(ctx.keyspaceName()), ctx.ifExists() != null,
                options.properties(ctx.properties()));
    }

    DropKeyspaceStatement dropKeyspace(CqlParser.DropKeyspaceStatementContext ctx) {
        return new DropKeyspaceStatement(Identifiers.keyspace(ctx.keyspaceName()), ctx.ifExists() != null);
    }

    CreateTableStatement createTable(CqlParser.CreateTableStatementContext ctx) {
        List<ColumnDefinition> columns = new ArrayList<>();
        List<PrimaryKey> primaryKeys = new ArrayList<>();
        for (CqlParser.TableElementContext element : ctx.tableElement()) {
            if (element instanceof CqlParser.ColumnDefinitionContext c) {
                String name = Identifiers.of(c.identifier());
                columns.add(new ColumnDefinition(name, types.type(c.cqlType()), c.isStatic != null));
                if (c.K_PRIMARY() != null) {
                    primaryKeys.add(new PrimaryKey(List.of(name), List.of()));
                }
            } else {
                CqlParser.PrimaryKeyDefinitionContext c = (CqlParser.PrimaryKeyDefinitionContext) element;
                CqlParser.PartitionKeyContext partitionKey = c.partitionKey();
                primaryKeys.add(new PrimaryKey(Identifiers.of(partitionKey.identifier()), Identifiers.of(c.identifier())));
            }
        }
        List<ClusteringOrder> clusteringOrder = new ArrayList<>();
        Map<String, OptionValue> tableOptions = new LinkedHashMap<>();
        boolean isCompactStorage = false;
        for (CqlParser.TableOptionContext option : ctx.tableOption()) {
            if (option instanceof CqlParser.CompactStorageOptionContext) {
                isCompactStorage = true;
            } else if (option instanceof CqlParser.ClusteringOrderOptionContext c) {
                for (CqlParser.ClusteringOrderContext order : c.clusteringOrder()) {
                    clusteringOrder.add(new ClusteringOrder(Identifiers.of(order.identifier()),
                            order.direction.getType() == CqlLexer.K_DESC));
                }
            } else {
                options.add(tableOptions, ((CqlParser.PropertyOptionContext) option).property());
            }
        }
        return new CreateTableStatement(Identifiers.table(ctx.tableName()), ctx.ifNotExists() != null, columns,
                primaryKeys, clusteringOrder, isCompactStorage, tableOptions);
    }

    AlterTableStatement alterTable(CqlParser.AlterTableStatementContext ctx) {
        return new AlterTableStatement(Identifiers.table(ctx.tableName()), ctx.ifExists() != null,
                alterTableAction(ctx.alterTableAction()));
    }

    private AlterTableAction alterTableAction(CqlParser.AlterTableActionContext ctx) {
        if (ctx instanceof CqlParser.AddColumnsContext c) {
            List<ColumnDefinition> columns = new ArrayList<>();
            for (CqlParser.AddedColumnContext column : c.addedColumn()) {
                columns.add(new ColumnDefinition(Identifiers.of(column.identifier()), types.type(column.cqlType()),
                        column.isStatic != null));
            }
            return new AlterTableAction.AddColumns(c.ifNotExists() != null, columns);
        }
        if (ctx instanceof CqlParser.DropColumnsContext c) {
            Long timestamp = null;
            if (c.timestamp != null) {
                try {
                    timestamp = Long.parseLong(c.timestamp.getText());
                } catch (NumberFormatException e) {
                    throw SyntaxErrors.at(c.timestamp, "timestamp " + c.timestamp.getText() + " is out of range");
                }
            }
            return new AlterTableAction.DropColumns(c.ifExists() != null, Identifiers.of(c.identifier()), timestamp);
        }
        if (ctx instanceof CqlParser.RenameColumnsContext c) {
            return new AlterTableAction.RenameColumns(c.ifExists() != null, renames(c.renamePair()));
        }
        if (ctx instanceof CqlParser.AlterTableOptionsContext c) {
            return new AlterTableAction.AlterOptions(options.properties(c.properties()));
        }
        if (ctx instanceof CqlParser.AlterColumnTypeContext c) {
            return new AlterTableAction.AlterColumnType(Identifiers.of(c.identifier()), types.type(c.cqlType()));
        }
        if (ctx instanceof CqlParser.DropCompactStorageContext) {
            return new AlterTableAction.DropCompactStorage();
        }
        throw new AssertionError("alterTableAction alternative without a builder: " + ctx.getClass().getSimpleName());
    }

    DropTableStatement dropTable(CqlParser.DropTableStatementContext ctx) {
        return new DropTableStatement(Identifiers.table(ctx.tableName()), ctx.ifExists() != null);
    }

    CreateTypeStatement createType(CqlParser.CreateTypeStatementContext ctx) {
        QualifiedName name = Identifiers.userType(ctx.userTypeName());
        List<FieldDefinition> fields = new ArrayList<>();
        for (CqlParser.TypeFieldContext field : ctx.typeField()) {
            fields.add(new FieldDefinition(Identifiers.field(field.fieldName()), types.type(field.cqlType())));
        }
        return new CreateTypeStatement(name, ctx.ifNotExists() != null, fields);
    }

    AlterTypeStatement alterType(CqlParser.AlterTypeStatementContext ctx) {
        QualifiedName name = Identifiers.userType(ctx.userTypeName());
        CqlParser.AlterTypeActionContext action = ctx.alterTypeAction();
        AlterTypeAction built;
        if (action instanceof CqlParser.AddFieldContext c) {
            FieldDefinition field = new FieldDefinition(Identifiers.field(c.fieldName()), types.type(c.cqlType()));
            built = new AlterTypeAction.AddField(c.ifNotExists() != null, field);
        } else if (action instanceof CqlParser.RenameFieldsContext c) {
            built = new AlterTypeAction.RenameFields(c.ifExists() != null, renames(c.renamePair()));
        } else {
            CqlParser.AlterFieldTypeContext c = (CqlParser.AlterFieldTypeContext) action;
            built = new AlterTypeAction.AlterFieldType(Identifiers.field(c.fieldName()), types.type(c.cqlType()));
        }
        return new AlterTypeStatement(name, ctx.ifExists() != null, built);
    }

    DropTypeStatement dropType(CqlParser.DropTypeStatementContext ctx) {
        return new DropTypeStatement(Identifiers.userType(ctx.userTypeName()), ctx.ifExists() != null);
    }

    CreateIndexStatement createIndex(CqlParser.CreateIndexStatementContext ctx) {
        String name = ctx.indexIdentifier() == null ? null : Identifiers.index(ctx.indexIdentifier());
        QualifiedName table = Identifiers.table(ctx.tableName());
        List<IndexTarget> targets = new ArrayList<>();
        for (CqlParser.IndexTargetContext target : ctx.indexTarget()) {
            targets.add(indexTarget(target));
        }
        String indexClass = ctx.indexClass == null ? null : TermBuilder.stringContent(ctx.indexClass);
        return new CreateIndexStatement(name, table, targets, ctx.K_CUSTOM() != null, indexClass,
                options.properties(ctx.properties()), ctx.ifNotExists() != null);
    }

    private static IndexTarget indexTarget(CqlParser.IndexTargetContext ctx) {
        if (ctx instanceof CqlParser.SimpleIndexTargetContext c) {
            return new IndexTarget(Identifiers.of(c.identifier()), IndexTarget.Kind.COLUMN);
        }
        CqlParser.CollectionIndexTargetContext c = (CqlParser.CollectionIndexTargetContext) ctx;
        IndexTarget.Kind kind = switch (c.kind.getType()) {
            case CqlLexer.K_KEYS -> IndexTarget.Kind.KEYS;
            case CqlLexer.K_VALUES -> IndexTarget.Kind.VALUES;
            case CqlLexer.K_ENTRIES -> IndexTarget.Kind.ENTRIES;
            default -> IndexTarget.Kind.FULL;
        };
        return new IndexTarget(Identifiers.of(c.identifier()), kind);
    }

    DropIndexStatement dropIndex(CqlParser.DropIndexStatementContext ctx) {
        String keyspace = ctx.keyspaceName() == null ? null : Identifiers.keyspace(ctx.keyspaceName());
        return new DropIndexStatement(new QualifiedName(keyspace, Identifiers.index(ctx.indexIdentifier())),
                ctx.ifExists() != null);
    }

    private static List<Rename> renames(List<CqlParser.RenamePairContext> pairs) {
        List<Rename> renames = new ArrayList<>();
        for (CqlParser.RenamePairContext pair : pairs) {
            renames.add(new Rename(Identifiers.of(pair.from), Identifiers.of(pair.to)));
        }
        return renames;
    }
}
