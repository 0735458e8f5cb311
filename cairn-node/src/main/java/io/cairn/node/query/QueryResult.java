package io.cairn.node.query;

import io.cairn.node.schema.SchemaChange;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/** What executing a statement returns, one case per RESULT kind of the protocol. */
public sealed interface QueryResult {

    /** INSERT, UPDATE, DELETE, BATCH and TRUNCATE. */
    record Void() implements QueryResult {
    }

    /**
     * A page of rows.
     *
     * @param pagingState where the next page starts, or null when this was the last page
     */
    record Rows(List<ResultColumn> columns, List<List<ByteBuffer>> rows, ByteBuffer pagingState)
            implements QueryResult {

        public Rows {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }

        public boolean hasMorePages() {
            return pagingState != null;
        }
    }

    /** USE. */
    record SetKeyspace(String keyspace) implements QueryResult {

        public SetKeyspace {
            Objects.requireNonNull(keyspace, "keyspace");
        }
    }

    /** A DDL statement that changed the schema. */
    record SchemaChanged(SchemaChange change) implements QueryResult {

        public SchemaChanged {
            Objects.requireNonNull(change, "change");
        }
    }
}
