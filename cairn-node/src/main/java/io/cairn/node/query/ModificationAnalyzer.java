package io.cairn.node.query;

import io.cairn.cql.ast.Assignment;
import io.cairn.cql.ast.ColumnTarget;
import io.cairn.cql.ast.ComparisonOperator;
import io.cairn.cql.ast.DeleteStatement;
import io.cairn.cql.ast.InsertJsonStatement;
import io.cairn.cql.ast.InsertStatement;
import io.cairn.cql.ast.ModificationStatement;
import io.cairn.cql.ast.Relation;
import io.cairn.cql.ast.Term;
import io.cairn.cql.ast.UpdateStatement;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import io.cairn.node.query.ModificationPlan.Kind;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an INSERT, UPDATE or DELETE into a {@link ModificationPlan} against a table: resolves
 * its columns, keys and write attributes, and rejects what Cassandra rejects (missing key parts,
 * primary key columns set or deleted, restrictions a write cannot take).
 */
final class ModificationAnalyzer {

    private ModificationAnalyzer() {
    }

    static ModificationPlan analyze(TableMetadata table, ModificationStatement statement, TermAnalyzer terms) {
        if (statement instanceof InsertStatement insert) {
            return insert(table, insert, terms);
        } else if (statement instanceof UpdateStatement update) {
            return update(table, update, terms);
        } else if (statement instanceof DeleteStatement delete) {
            return delete(table, delete, terms);
        }
        return insertJson(table, (InsertJsonStatement) statement, terms);
    }

    private static ColumnMetadata column(TableMetadata table, String name) {
        ColumnMetadata column = table.column(name);
        if (column == null) {
            throw CqlException.invalid("Undefined column name " + name + " in table " + table);
        }
        return column;
    }

    private static ResultColumn receiver(TableMetadata table, ColumnMetadata column) {
        return new ResultColumn(table.keyspace(), table.name(), column.name(), column.type());
    }

    private static void checkNotCounter(TableMetadata table) {
        if (table.isCounter()) {
            throw CqlException.invalid("INSERT statements are not allowed on counter tables, use UPDATE instead");
        }
    }

    private static ModificationPlan insert(TableMetadata table, InsertStatement insert, TermAnalyzer terms) {
        checkNotCounter(table);
        if (insert.columns().size() != insert.values().size()) {
            throw CqlException.invalid("Unmatched column names/values");
        }
        if (new HashSet<>(insert.columns()).size() != insert.columns().size()) {
            throw CqlException.invalid("The column names contains duplicates");
        }
        List<Relation> where = new ArrayList<>();
        List<ColumnOperation> operations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < insert.columns().size(); i++) {
            ColumnMetadata column = column(table, insert.columns().get(i));
            seen.add(column.name());
            Term value = insert.values().get(i);
            if (column.isPrimaryKey()) {
                where.add(new Relation.Comparison(column.name(), ComparisonOperator.EQ, value));
            } else {
                operations.add(ColumnOperation.set(column, terms.analyze(value, receiver(table, column))));
            }
        }
        for (ColumnMetadata column : table.partitionKey()) {
            if (!seen.contains(column.name())) {
                throw CqlException.invalid("Some partition key parts are missing: " + column.name());
            }
        }
        List<String> missingClustering = new ArrayList<>();
        for (ColumnMetadata column : table.clustering()) {
            if (!seen.contains(column.name())) {
                missingClustering.add(column.name());
            }
        }
        // A partition may hold only its static columns: an INSERT that names no clustering
        // column and sets only static columns writes the static row alone.
        boolean staticOnly = missingClustering.size() == table.clustering().size() && !operations.isEmpty()
                && operations.stream().allMatch(op -> op.column().isStatic());
        if (!missingClustering.isEmpty() && !staticOnly) {
            throw CqlException.invalid("Some clustering keys are missing: " + String.join(", ", missingClustering));
        }
        Restrictions restrictions = Restrictions.analyze(table, where, terms);
        BoundTerm timestamp = WriteAttributes.timestamp(insert.using(), table, terms);
        BoundTerm ttl = WriteAttributes.ttl(insert.using(), table, terms);
        return new ModificationPlan(table, restrictions, operations, timestamp, ttl, Kind.INSERT,
                insert.ifNotExists() ? ConditionPlan.ifNotExists() : null);
    }

    /**
     * INSERT JSON: one JSON object gives every column's value by name; columns it omits are
     * null (DEFAULT NULL) or left untouched (DEFAULT UNSET).
     */
    private static ModificationPlan insertJson(TableMetadata table, InsertJsonStatement insert, TermAnalyzer terms) {
        checkNotCounter(table);
        BoundTerm document = terms.analyze(insert.json(), new ResultColumn(table.keyspace(), table.name(), "[json]",
                NativeType.TEXT));
        Map<ColumnMetadata, BoundTerm> keys = new LinkedHashMap<>();
        List<ColumnOperation> operations = new ArrayList<>();
        for (ColumnMetadata column : table.columns()) {
            BoundTerm field = new JsonField(document, column, table, insert.isDefaultUnset() && !column.isPrimaryKey());
            if (column.isPrimaryKey()) {
                keys.put(column, field);
            } else {
                operations.add(ColumnOperation.set(column, field));
            }
        }
        Restrictions restrictions = Restrictions.forKeys(table, keys);
        BoundTerm timestamp = WriteAttributes.timestamp(insert.using(), table, terms);
        BoundTerm ttl = WriteAttributes.ttl(insert.using(), table, terms);
        return new ModificationPlan(table, restrictions, operations, timestamp, ttl, Kind.INSERT,
                insert.ifNotExists() ? ConditionPlan.ifNotExists() : null);
    }

    private static ModificationPlan update(TableMetadata table, UpdateStatement update, TermAnalyzer terms) {
        ConditionPlan conditions = ConditionPlan.of(update.ifExists(), update.conditions(), update.using(), table,
                terms);
        Restrictions restrictions = writeRestrictions(table, update.where(), terms);
        List<ColumnOperation> operations = new ArrayList<>();
        for (Assignment assignment : update.assignments()) {
            ColumnMetadata column = column(table, assignment.column());
            if (column.isPrimaryKey()) {
                throw CqlException.invalid("PRIMARY KEY part " + column.name() + " found in SET part");
            }
            operations.add(ColumnOperation.analyze(table, column, assignment, terms));
        }
        checkStaticOnly(restrictions, operations, conditions, Kind.UPDATE);
        if (restrictions.clusteringSlice() != null) {
            throw CqlException.invalid("Slice restrictions are not supported on the clustering columns in UPDATE "
                    + "statements");
        }
        if (!restrictions.selectsWholeRows() && !operations.stream().allMatch(op -> op.column().isStatic())) {
            throw CqlException.invalid("Some clustering keys are missing: " + missingClustering(table, restrictions));
        }
        BoundTerm timestamp = WriteAttributes.timestamp(update.using(), table, terms);
        BoundTerm ttl = WriteAttributes.ttl(update.using(), table, terms);
        return new ModificationPlan(table, restrictions, operations, timestamp, ttl, Kind.UPDATE, conditions);
    }

    private static ModificationPlan delete(TableMetadata table, DeleteStatement delete, TermAnalyzer terms) {
        ConditionPlan conditions = ConditionPlan.of(delete.ifExists(), delete.conditions(), delete.using(), table,
                terms);
        if (delete.using().hasTtl()) {
            throw CqlException.invalid("A TTL is not allowed on DELETE statements");
        }
        Restrictions restrictions = writeRestrictions(table, delete.where(), terms);
        List<ColumnOperation> operations = new ArrayList<>();
        for (ColumnTarget target : delete.targets()) {
            ColumnMetadata column = column(table, target.column());
            if (column.isPrimaryKey()) {
                throw CqlException.invalid("Invalid identifier " + column.name() + " for deletion (should not be a "
                        + "PRIMARY KEY part)");
            }
            operations.add(ColumnOperation.delete(table, column, target, terms));
        }
        if (conditions != null) {
            ConditionPlan.checkConditionalDelete(table, restrictions,
                    ModificationPlan.operationsApplyToRegularColumns(Kind.DELETE, operations), conditions);
        }
        checkStaticOnly(restrictions, operations, conditions, Kind.DELETE);
        if (!operations.isEmpty() && !restrictions.selectsWholeRows()
                && !operations.stream().allMatch(op -> op.column().isStatic())) {
            throw CqlException.invalid("Some clustering keys are missing: " + missingClustering(table, restrictions));
        }
        BoundTerm timestamp = WriteAttributes.timestamp(delete.using(), table, terms);
        return new ModificationPlan(table, restrictions, operations, timestamp, null, Kind.DELETE, conditions);
    }

    /** A statement that changes only static columns names the partition alone, as Cassandra requires. */
    private static void checkStaticOnly(Restrictions restrictions, List<ColumnOperation> operations,
                                        ConditionPlan conditions, Kind kind) {
        if (ModificationPlan.appliesOnlyToStatic(kind, operations, conditions)
                && restrictions.hasClusteringRestrictions()) {
            throw CqlException.invalid("Invalid restrictions on clustering columns since the " + kind
                    + " statement modifies only static columns");
        }
    }

    private static String missingClustering(TableMetadata table, Restrictions restrictions) {
        List<String> missing = new ArrayList<>();
        for (int i = restrictions.clusteringPrefixWidth(); i < table.clustering().size(); i++) {
            missing.add(table.clustering().get(i).name());
        }
        return String.join(", ", missing);
    }

    private static Restrictions writeRestrictions(TableMetadata table, List<Relation> where, TermAnalyzer terms) {
        for (Relation relation : where) {
            if (relation instanceof Relation.Comparison comparison) {
                ColumnMetadata column = table.column(comparison.column());
                if (column != null && !column.isPrimaryKey()) {
                    // Cassandra's wording, its trailing space included.
                    throw CqlException.invalid("Non PRIMARY KEY columns found in where clause: " + column.name() + " ");
                }
                if (column != null && column.kind() == io.cairn.node.schema.ColumnKind.PARTITION_KEY
                        && comparison.operator() != io.cairn.cql.ast.ComparisonOperator.EQ) {
                    throw CqlException.invalid("Only EQ and IN relation are supported on the partition key "
                            + "(unless you use the token() function)");
                }
            }
        }
        Restrictions restrictions = Restrictions.analyze(table, where, terms);
        if (!restrictions.hasPartitionKeys()) {
            throw CqlException.invalid("Some partition key parts are missing: "
                    + String.join(", ", restrictions.missingPartitionKeyColumns()));
        }
        if (restrictions.isFilteringNeeded() || restrictions.hasTokenRestriction()) {
            throw CqlException.invalid("Invalid restrictions on a modification statement: only the primary key "
                    + "columns can be restricted, with = or IN (or a range on the last clustering column of a DELETE)");
        }
        return restrictions;
    }
}
