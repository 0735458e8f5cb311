package io.cairn.cql.parser;

import io.cairn.cql.ast.ColumnTarget;
import io.cairn.cql.ast.ComparisonOperator;
import io.cairn.cql.ast.Condition;
import io.cairn.cql.ast.Relation;
import io.cairn.cql.ast.Term;

import java.util.ArrayList;
import java.util.List;

/** Builds WHERE relations, IF conditions and the column targets of DELETE and IF. */
final class WhereBuilder {

    private final BuildState state;
    private final TermBuilder terms;

    WhereBuilder(BuildState state, TermBuilder terms) {
        this.state = state;
        this.terms = terms;
    }

    List<Relation> relations(CqlParser.WhereClauseContext ctx) {
        if (ctx == null) {
            return List.of();
        }
        List<Relation> relations = new ArrayList<>();
        for (CqlParser.RelationContext relation : ctx.relation()) {
            relations.add(relation(relation));
        }
        return relations;
    }

    private Relation relation(CqlParser.RelationContext ctx) {
        if (ctx instanceof CqlParser.SimpleRelationContext c) {
            return new Relation.Comparison(Identifiers.of(c.identifier()), operator(c.comparisonOperator()),
                    terms.term(c.term()));
        }
        if (ctx instanceof CqlParser.InRelationContext c) {
            String column = Identifiers.of(c.identifier());
            CqlParser.InValuesContext values = c.inValues();
            return values.bindMarker() != null
                    ? new Relation.InMarker(column, terms.marker(values.bindMarker()))
                    : new Relation.In(column, terms.terms(values.term()));
        }
        if (ctx instanceof CqlParser.ContainsRelationContext c) {
            String column = Identifiers.of(c.identifier());
            Term value = terms.term(c.term());
            return c.K_KEY() != null ? new Relation.ContainsKey(column, value) : new Relation.Contains(column, value);
        }
        if (ctx instanceof CqlParser.LikeRelationContext c) {
            return new Relation.Like(Identifiers.of(c.identifier()), terms.term(c.term()));
        }
        if (ctx instanceof CqlParser.IsNotNullRelationContext c) {
            return new Relation.IsNotNull(Identifiers.of(c.identifier()));
        }
        if (ctx instanceof CqlParser.ElementRelationContext c) {
            String column = Identifiers.of(c.identifier());
            Term key = terms.term(c.key);
            return new Relation.ElementComparison(column, key, operator(c.comparisonOperator()), terms.term(c.value));
        }
        if (ctx instanceof CqlParser.TokenRelationContext c) {
            return new Relation.TokenComparison(Identifiers.of(c.identifier()), operator(c.comparisonOperator()),
                    terms.term(c.term()));
        }
        if (ctx instanceof CqlParser.MultiColumnRelationContext c) {
            return new Relation.MultiColumnComparison(Identifiers.of(c.identifier()),
                    operator(c.comparisonOperator()), multiColumnValue(c.multiColumnValue()));
        }
        if (ctx instanceof CqlParser.MultiColumnInRelationContext c) {
            List<String> columns = Identifiers.of(c.identifier());
            CqlParser.MultiColumnInValuesContext values = c.multiColumnInValues();
            if (values.bindMarker() != null) {
                return new Relation.MultiColumnInMarker(columns, terms.marker(values.bindMarker()));
            }
            List<Term> tuples = new ArrayList<>();
            for (CqlParser.MultiColumnValueContext value : values.multiColumnValue()) {
                tuples.add(multiColumnValue(value));
            }
            return new Relation.MultiColumnIn(columns, tuples);
        }
        if (ctx instanceof CqlParser.ParenthesizedRelationContext c) {
            state.enter(c.getStart());
            Relation relation = relation(c.relation());
            state.exit();
            return relation;
        }
        throw new AssertionError("relation alternative without a builder: " + ctx.getClass().getSimpleName());
    }

    private Term multiColumnValue(CqlParser.MultiColumnValueContext ctx) {
        if (ctx.bindMarker() != null) {
            return terms.marker(ctx.bindMarker());
        }
        state.enter(ctx.getStart());
        Term tuple = terms.tuple(ctx.tupleLiteral());
        state.exit();
        return tuple;
    }

    List<Condition> conditions(CqlParser.UpdateConditionsContext ctx) {
        if (ctx == null) {
            return List.of();
        }
        List<Condition> conditions = new ArrayList<>();
        for (CqlParser.ConditionContext condition : ctx.condition()) {
            conditions.add(condition(condition));
        }
        return conditions;
    }

    private Condition condition(CqlParser.ConditionContext ctx) {
        if (ctx instanceof CqlParser.ComparisonConditionContext c) {
            ColumnTarget target = target(c.columnTarget());
            return new Condition.Comparison(target, operator(c.comparisonOperator()), terms.term(c.term()));
        }
        if (ctx instanceof CqlParser.InConditionContext c) {
            ColumnTarget target = target(c.columnTarget());
            CqlParser.InValuesContext values = c.inValues();
            return values.bindMarker() != null
                    ? new Condition.InMarker(target, terms.marker(values.bindMarker()))
                    : new Condition.In(target, terms.terms(values.term()));
        }
        if (ctx instanceof CqlParser.ContainsConditionContext c) {
            String column = Identifiers.of(c.identifier());
            Term value = terms.term(c.term());
            return c.K_KEY() != null ? new Condition.ContainsKey(column, value) : new Condition.Contains(column, value);
        }
        throw new AssertionError("condition alternative without a builder: " + ctx.getClass().getSimpleName());
    }

    ColumnTarget target(CqlParser.ColumnTargetContext ctx) {
        if (ctx instanceof CqlParser.ColumnElementContext c) {
            return new ColumnTarget.Element(Identifiers.of(c.identifier()), terms.term(c.term()));
        }
        if (ctx instanceof CqlParser.ColumnFieldContext c) {
            return new ColumnTarget.Field(Identifiers.of(c.identifier()), Identifiers.field(c.fieldName()));
        }
        return new ColumnTarget.Column(Identifiers.of(((CqlParser.WholeColumnContext) ctx).identifier()));
    }

    static ComparisonOperator operator(CqlParser.ComparisonOperatorContext ctx) {
        return ComparisonOperator.fromSymbol(ctx.getText());
    }
}
