package io.cairn.cql.ast;

import java.util.List;
import java.util.Objects;

/**
 * {@code SELECT [JSON] [DISTINCT] selectors FROM table [WHERE ...] [GROUP BY ...]
 * [ORDER BY ...] [PER PARTITION LIMIT n] [LIMIT n] [ALLOW FILTERING]}.
 *
 * @param selectors         what to select, in order; empty for {@code *}
 * @param where             the relations joined by AND, in order; empty without WHERE
 * @param perPartitionLimit an integer literal or bind marker, or {@code null} when absent
 * @param limit             an integer literal or bind marker, or {@code null} when absent
 */
public record SelectStatement(QualifiedName table,
                              boolean isJson,
                              boolean isDistinct,
                              List<AliasedSelector> selectors,
                              List<Relation> where,
                              List<Selector> groupBy,
                              List<Ordering> orderings,
                              Term perPartitionLimit,
                              Term limit,
                              boolean allowsFiltering) implements Statement {

    public SelectStatement {
        Objects.requireNonNull(table, "table");
        selectors = List.copyOf(selectors);
        where = List.copyOf(where);
        groupBy = List.copyOf(groupBy);
        orderings = List.copyOf(orderings);
    }

    /** Whether the statement selects {@code *}. */
    public boolean isWildcard() {
        return selectors.isEmpty();
    }
}
