package io.cairn.node.query.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** One generated write, renderable as CQL with literals or bind markers. */
public sealed interface Mutation {

    List<Value> key();

    CqlText.Statement render(TableSpec table, boolean isBound);

    /** A column set to a value, or to null. */
    record Assignment(Column column, Value value) {
    }

    /**
     * An INSERT (columns listed in a shuffled order) or an UPDATE of one row; without clustering
     * values it writes static columns only.
     */
    record Upsert(List<Value> key, List<Value> clustering, List<Assignment> assignments, boolean isInsert,
                  long shuffleSeed) implements Mutation {

        @Override
        public CqlText.Statement render(TableSpec table, boolean isBound) {
            List<Assignment> keyColumns = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                keyColumns.add(new Assignment(table.partitionKey().get(i), key.get(i)));
            }
            for (int i = 0; clustering != null && i < clustering.size(); i++) {
                keyColumns.add(new Assignment(table.clustering().get(i), clustering.get(i)));
            }
            CqlText cql = new CqlText(isBound);
            if (isInsert) {
                List<Assignment> all = new ArrayList<>(keyColumns);
                all.addAll(assignments);
                Collections.shuffle(all, new Random(shuffleSeed));
                cql.append("INSERT INTO t (").append(String.join(", ", all.stream()
                        .map(assignment -> assignment.column().name()).toList())).append(") VALUES (");
                for (int i = 0; i < all.size(); i++) {
                    cql.append(i > 0 ? ", " : "").value(all.get(i).value());
                }
                return cql.append(")").build();
            }
            cql.append("UPDATE t SET ");
            for (int i = 0; i < assignments.size(); i++) {
                cql.append(i > 0 ? ", " : "").append(assignments.get(i).column().name() + " = ")
                        .value(assignments.get(i).value());
            }
            Collections.shuffle(keyColumns, new Random(shuffleSeed));
            cql.append(" WHERE ");
            for (int i = 0; i < keyColumns.size(); i++) {
                cql.append(i > 0 ? " AND " : "").append(keyColumns.get(i).column().name() + " = ")
                        .value(keyColumns.get(i).value());
            }
            return cql.build();
        }
    }

    /**
     * A DELETE: of a whole partition (no relations), of the rows the relations select, or of one
     * regular column of one row.
     */
    record Deletion(List<Value> key, List<Relation> relations, Column column) implements Mutation {

        @Override
        public CqlText.Statement render(TableSpec table, boolean isBound) {
            CqlText cql = new CqlText(isBound).append("DELETE ")
                    .append(column == null ? "" : column.name() + " ").append("FROM t WHERE ");
            for (int i = 0; i < key.size(); i++) {
                cql.append(i > 0 ? " AND " : "").append(table.partitionKey().get(i).name() + " = ").value(key.get(i));
            }
            for (Relation relation : relations) {
                cql.append(" AND ");
                relation.render(cql);
            }
            return cql.build();
        }
    }
}
