package io.cairn.node.metadata;

import io.cairn.storage.TableId;

import java.util.Objects;

/**
 * TRUNCATE, cluster-wide: every node drops the table's data written at or before one time,
 * chosen by the proposer, when it applies the entry.
 */
public record TruncateTable(TableId table, long truncatedAtMicros) implements Transformation {

    public TruncateTable {
        Objects.requireNonNull(table, "table");
    }

    @Override
    public Kind kind() {
        return Kind.TRUNCATE_TABLE;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        if (previous.schema().table(table.keyspace(), table.table()) == null) {
            return Transformation.invalid("Table " + table + " does not exist");
        }
        return Transformation.applied(previous.next().truncated(table, truncatedAtMicros));
    }
}
