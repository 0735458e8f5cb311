package io.cairn.cql.ast;

import java.util.List;
import java.util.Objects;

/**
 * {@code DELETE [targets] FROM table [USING TIMESTAMP t] WHERE relations
 * [IF EXISTS | IF conditions]}.
 *
 * @param targets    the columns, elements and fields to delete; empty to delete whole rows
 * @param using      only its timestamp can be set: DELETE has no TTL
 * @param conditions the IF conditions joined by AND; empty without IF or with IF EXISTS
 */
public record DeleteStatement(QualifiedName table,
                              List<ColumnTarget> targets,
                              UsingClause using,
                              List<Relation> where,
                              boolean ifExists,
                              List<Condition> conditions) implements ModificationStatement {

    public DeleteStatement {
        Objects.requireNonNull(table, "table");
        targets = List.copyOf(targets);
        Objects.requireNonNull(using, "using");
        where = List.copyOf(where);
        conditions = List.copyOf(conditions);
    }

    /** Whether this is a lightweight transaction (IF EXISTS or IF conditions). */
    public boolean isConditional() {
        return ifExists || !conditions.isEmpty();
    }
}
