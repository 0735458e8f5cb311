package io.cairn.node.schema;

import io.cairn.cql.type.CqlType;

import java.util.Objects;

/**
 * One column of a table.
 *
 * @param position     index within the partition key or the clustering columns; -1 otherwise
 * @param isDescending for a clustering column, whether CLUSTERING ORDER BY made it DESC
 */
public record ColumnMetadata(String name, ColumnKind kind, int position, CqlType type, boolean isDescending) {

    public ColumnMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
    }

    public boolean isPrimaryKey() {
        return kind.isPrimaryKey();
    }

    public boolean isStatic() {
        return kind == ColumnKind.STATIC;
    }

    /** The name as CQL must write it: quoted unless it is a lower-case unreserved identifier. */
    public String cqlName() {
        return CqlNames.quoteIfNeeded(name);
    }
}
