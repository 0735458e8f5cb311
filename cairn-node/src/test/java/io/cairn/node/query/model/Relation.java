package io.cairn.node.query.model;

import java.util.List;

/**
 * A restriction on consecutive clustering columns: {@code c1 > ?} on one column, or
 * {@code (c1, c2) > (?, ?)} on several. Values compare in each type's ascending order,
 * whatever the clustering order, and tuples compare column by column.
 */
public record Relation(int firstColumn, List<Column> columns, Operator operator, List<List<Value>> tuples,
                       boolean isMultiColumn) {

    public enum Operator {
        EQ("="), IN("IN"), GT(">"), GE(">="), LT("<"), LE("<=");

        final String cql;

        Operator(String cql) {
            this.cql = cql;
        }

        boolean isSlice() {
            return this != EQ && this != IN;
        }
    }

    public static Relation single(int index, Column column, Operator operator, List<Value> values) {
        return new Relation(index, List.of(column), operator, values.stream().map(List::of).toList(), false);
    }

    /** Whether a row with these clustering values satisfies the relation. */
    public boolean matches(List<Value> clustering) {
        List<Value> row = clustering.subList(firstColumn, firstColumn + columns.size());
        for (List<Value> tuple : tuples) {
            int c = compare(row, tuple);
            boolean isMatch = switch (operator) {
                case EQ, IN -> c == 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case LE -> c <= 0;
            };
            if (isMatch) {
                return true;
            }
        }
        return false;
    }

    private static int compare(List<Value> row, List<Value> tuple) {
        for (int i = 0; i < tuple.size(); i++) {
            int c = row.get(i).compareTo(tuple.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    public void render(CqlText cql) {
        if (isMultiColumn) {
            cql.append("(" + String.join(", ", TableSpec.names(columns)) + ") " + operator.cql + " ");
            if (operator == Operator.IN) {
                cql.append("(");
                for (int i = 0; i < tuples.size(); i++) {
                    cql.append(i > 0 ? ", " : "").tuple(tuples.get(i));
                }
                cql.append(")");
            } else {
                cql.tuple(tuples.get(0));
            }
            return;
        }
        cql.append(columns.get(0).name()).append(" " + operator.cql + " ");
        if (operator == Operator.IN) {
            cql.tuple(tuples.stream().map(tuple -> tuple.get(0)).toList());
        } else {
            cql.value(tuples.get(0).get(0));
        }
    }
}
