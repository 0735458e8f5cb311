package io.cairn.cql.ast;

import java.util.List;
import java.util.Objects;

/**
 * {@code INSERT INTO table (columns) VALUES (values) [IF NOT EXISTS] [USING ...]}. The
 * parser does not check that there are as many values as columns: the analyzer reports that
 * with Cassandra's wording.
 */
public record InsertStatement(QualifiedName table,
                              List<String> columns,
                              List<Term> values,
                              boolean ifNotExists,
                              UsingClause using) implements ModificationStatement {

    public InsertStatement {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        values = List.copyOf(values);
        Objects.requireNonNull(using, "using");
    }
}
