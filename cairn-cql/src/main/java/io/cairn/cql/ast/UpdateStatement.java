package io.cairn.cql.ast;

import java.util.List;
import java.util.Objects;

/**
 * {@code UPDATE table [USING ...] SET assignments WHERE relations [IF EXISTS | IF conditions]}.
 *
 * @param conditions the IF conditions joined by AND; empty without IF or with IF EXISTS
 */
public record UpdateStatement(QualifiedName table,
                              UsingClause using,
                              List<Assignment> assignments,
                              List<Relation> where,
                              boolean ifExists,
                              List<Condition> conditions) implements ModificationStatement {

    public UpdateStatement {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(using, "using");
        assignments = List.copyOf(assignments);
        where = List.copyOf(where);
        conditions = List.copyOf(conditions);
    }

    /** Whether this is a lightweight transaction (IF EXISTS or IF conditions). */
    public boolean isConditional() {
        return ifExists || !conditions.isEmpty();
    }
}
