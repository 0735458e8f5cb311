package io.cairn.protocol.message;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The metadata of a Rows result (native_protocol_v5 §4.2.5.2).
 *
 * @param columns       the result's columns (also needed when omitted, for the count)
 * @param pagingState   where the next page starts, or null on the last page
 * @param newMetadataId v5: the current result metadata id when the client's is stale, else null
 * @param noMetadata    whether to omit the column specs (the client asked to skip them)
 */
public record RowsMetadata(List<ColumnSpec> columns, ByteBuffer pagingState, byte[] newMetadataId,
                           boolean noMetadata) {

    public RowsMetadata {
        columns = List.copyOf(columns);
    }

    /** The metadata of a statement that returns no rows (a prepared INSERT's result). */
    public static RowsMetadata empty() {
        return new RowsMetadata(List.of(), null, null, true);
    }
}
