package io.cairn.cql.parser;

import io.cairn.cql.ast.AliasedSelector;
import io.cairn.cql.ast.Assignment;
import io.cairn.cql.ast.BatchStatement;
import io.cairn.cql.ast.ColumnTarget;
import io.cairn.cql.ast.Condition;
import io.cairn.cql.ast.DeleteStatement;
import io.cairn.cql.ast.InsertJsonStatement;
import io.cairn.cql.ast.InsertStatement;
import io.cairn.cql.ast.ModificationStatement;
import io.cairn.cql.ast.Ordering;
import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.Relation;
import io.cairn.cql.ast.SelectStatement;
import io.cairn.cql.ast.Selector;
import io.cairn.cql.ast.Term;
import io.cairn.cql.ast.UpdateStatement;
import io.cairn.cql.ast.UsingClause;
import io.cairn.cql.error.CqlException;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds SELECT, INSERT, UPDATE, DELETE and BATCH. Every method visits its clauses in the
 * order they are written, which numbers bind markers as Cassandra does.
 */
final class DmlBuilder {

    private final TermBuilder terms;
    private final SelectorBuilder selectors;
    private final WhereBuilder where;

    DmlBuilder(TermBuilder terms, SelectorBuilder selectors, WhereBuilder where) {
        this.terms = terms;
        this.selectors = selectors;
        this.where = where;
    }

    SelectStatement select(CqlParser.SelectStatementContext ctx) {
        List<AliasedSelector> selection = new ArrayList<>();
        for (CqlParser.SelectorContext selector : ctx.selectClause().selector()) {
            selection.add(selectors.aliased(selector));
        }
        QualifiedName table = Identifiers.table(ctx.tableName());
        List<Relation> relations = where.relations(ctx.whereClause());
        List<Selector> groupBy = selectors.selectors(ctx.unaliasedSelector());
        List<Ordering> orderings = new ArrayList<>();
        for (CqlParser.OrderingContext ordering : ctx.ordering()) {
            Term annOf = ordering.term() == null ? null : terms.term(ordering.term());
            boolean isDescending = ordering.direction != null && ordering.direction.getType() == CqlLexer.K_DESC;
            orderings.add(new Ordering(Identifiers.of(ordering.identifier()), isDescending, annOf));
        }
        Term perPartitionLimit = ctx.perPartitionLimit == null ? null : terms.intValue(ctx.perPartitionLimit);
        Term limit = ctx.limit == null ? null : terms.intValue(ctx.limit);
        return new SelectStatement(table, ctx.K_JSON() != null, ctx.K_DISTINCT() != null, selection, relations,
                groupBy, orderings, perPartitionLimit, limit, ctx.K_ALLOW() != null);
    }

    ModificationStatement insert(CqlParser.InsertStatementContext ctx) {
        QualifiedName table = Identifiers.table(ctx.tableName());
        boolean ifNotExists = ctx.ifNotExists() != null;
        if (ctx.insertJson() != null) {
            CqlParser.InsertJsonContext json = ctx.insertJson();
            Term document = json.bindMarker() != null
                    ? terms.marker(json.bindMarker())
                    : Term.Literal.string(TermBuilder.stringContent(json.STRING_LITERAL().getSymbol()));
            return new InsertJsonStatement(table, document, json.unset != null, ifNotExists, using(ctx.usingClause()));
        }
        CqlParser.InsertValuesContext values = ctx.insertValues();
        List<String> columns = Identifiers.of(values.identifier());
        List<Term> written = terms.terms(values.term());
        return new InsertStatement(table, columns, written, ifNotExists, using(ctx.usingClause()));
    }

    UpdateStatement update(CqlParser.UpdateStatementContext ctx) {
        QualifiedName table = Identifiers.table(ctx.tableName());
        UsingClause using = using(ctx.usingClause());
        List<Assignment> assignments = new ArrayList<>();
        for (CqlParser.AssignmentContext context : ctx.assignment()) {
            Assignment assignment = assignment(context);
            for (Assignment earlier : assignments) {
                if (earlier.column().equals(assignment.column()) && !areCompatible(earlier, assignment)) {
                    throw CqlException.syntax("Multiple incompatible setting of column " + assignment.column());
                }
            }
            assignments.add(assignment);
        }
        List<Relation> relations = where.relations(ctx.whereClause());
        List<Condition> conditions = where.conditions(ctx.updateConditions());
        return new UpdateStatement(table, using, assignments, relations, isIfExists(ctx.updateConditions()), conditions);
    }

    DeleteStatement delete(CqlParser.DeleteStatementContext ctx) {
        List<ColumnTarget> targets = new ArrayList<>();
        for (CqlParser.ColumnTargetContext target : ctx.columnTarget()) {
            targets.add(where.target(target));
        }
        QualifiedName table = Identifiers.table(ctx.tableName());
        UsingClause using = ctx.intValue() == null ? UsingClause.NONE : new UsingClause(terms.intValue(ctx.intValue()), null);
        List<Relation> relations = where.relations(ctx.whereClause());
        List<Condition> conditions = where.conditions(ctx.updateConditions());
        return new DeleteStatement(table, targets, using, relations, isIfExists(ctx.updateConditions()), conditions);
    }

    BatchStatement batch(CqlParser.BatchStatementContext ctx) {
        BatchStatement.Type type = BatchStatement.Type.LOGGED;
        if (ctx.kind != null) {
            type = ctx.kind.getType() == CqlLexer.K_UNLOGGED ? BatchStatement.Type.UNLOGGED : BatchStatement.Type.COUNTER;
        }
        UsingClause using = using(ctx.usingClause());
        List<ModificationStatement> statements = new ArrayList<>();
        for (CqlParser.BatchChildContext child : ctx.batchChild()) {
            if (child.insertStatement() != null) {
                statements.add(insert(child.insertStatement()));
            } else if (child.updateStatement() != null) {
                statements.add(update(child.updateStatement()));
            } else {
                statements.add(delete(child.deleteStatement()));
            }
        }
        return new BatchStatement(type, using, statements);
    }

    /** Later options replace earlier ones of the same kind, as in Cassandra. */
    private UsingClause using(CqlParser.UsingClauseContext ctx) {
        if (ctx == null) {
            return UsingClause.NONE;
        }
        Term timestamp = null;
        Term ttl = null;
        for (CqlParser.UsingOptionContext option : ctx.usingOption()) {
            if (option instanceof CqlParser.TimestampOptionContext c) {
                timestamp = terms.intValue(c.intValue());
            } else {
                ttl = terms.intValue(((CqlParser.TtlOptionContext) option).intValue());
            }
        }
        return new UsingClause(timestamp, ttl);
    }

    private static boolean isIfExists(CqlParser.UpdateConditionsContext ctx) {
        return ctx != null && ctx.K_EXISTS() != null;
    }

    /**
     * Whether two operations of one SET clause may both apply to the same column: never
     * when either replaces the whole value, nor when both set the same field of a UDT. Other
     * pairs (two appends, two map entries) are allowed, as in Cassandra.
     */
    private static boolean areCompatible(Assignment first, Assignment second) {
        if (first instanceof Assignment.SetValue || second instanceof Assignment.SetValue) {
            return false;
        }
        return !(first instanceof Assignment.SetField a && second instanceof Assignment.SetField b
                && a.field().equals(b.field()));
    }

    private Assignment assignment(CqlParser.AssignmentContext ctx) {
        if (ctx instanceof CqlParser.SetValueAssignmentContext c) {
            return new Assignment.SetValue(Identifiers.of(c.identifier()), terms.term(c.term()));
        }
        if (ctx instanceof CqlParser.PrependAssignmentContext c) {
            String column = Identifiers.of(c.identifier(0));
            Term value = terms.term(c.term());
            if (!column.equals(Identifiers.of(c.other))) {
                // Cassandra's wording, without a position.
                throw CqlException.syntax("Only expressions of the form X = <value> + X are supported.");
            }
            return new Assignment.Prepend(column, value);
        }
        if (ctx instanceof CqlParser.AddOrRemoveAssignmentContext c) {
            String column = Identifiers.of(c.identifier(0));
            if (!column.equals(Identifiers.of(c.other))) {
                throw CqlException.syntax("Only expressions of the form X = X " + c.op.getText()
                        + "<value> are supported.");
            }
            Term value = terms.term(c.term());
            return c.op.getText().equals("+")
                    ? new Assignment.Addition(column, value)
                    : new Assignment.Subtraction(column, value);
        }
        if (ctx instanceof CqlParser.ShorthandAssignmentContext c) {
            String column = Identifiers.of(c.identifier());
            Term value = terms.term(c.term());
            return c.op.getText().equals("+=")
                    ? new Assignment.Addition(column, value)
                    : new Assignment.Subtraction(column, value);
        }
        if (ctx instanceof CqlParser.SetElementAssignmentContext c) {
            String column = Identifiers.of(c.identifier());
            Term key = terms.term(c.key);
            return new Assignment.SetElement(column, key, terms.term(c.value));
        }
        if (ctx instanceof CqlParser.SetFieldAssignmentContext c) {
            return new Assignment.SetField(Identifiers.of(c.identifier()), Identifiers.field(c.fieldName()),
                    terms.term(c.term()));
        }
        throw new AssertionError("assignment alternative without a builder: " + ctx.getClass().getSimpleName());
    }
}
