package io.cairn.protocol.message;

import io.cairn.cql.ConsistencyLevel;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The parameters QUERY, EXECUTE and BATCH carry (native_protocol_v5 §4.1.4).
 *
 * @param consistency        the requested consistency
 * @param values             bound values ({@link io.cairn.protocol.Primitives#UNSET} for unset, null for null)
 * @param valueNames         names of the values when sent by name, else null
 * @param skipMetadata       whether a Rows result may omit column metadata
 * @param pageSize           rows per page, or -1 for no paging
 * @param pagingState        where the previous page stopped, or null
 * @param serialConsistency  for conditional updates; SERIAL when absent
 * @param defaultTimestamp   client-supplied write timestamp in microseconds, or {@link #NO_TIMESTAMP}
 * @param keyspace           v5 per-request keyspace, or null
 * @param nowInSeconds       v5 "now" override, or {@link #NO_NOW}
 */
public record QueryParameters(ConsistencyLevel consistency, List<ByteBuffer> values, List<String> valueNames,
                              boolean skipMetadata, int pageSize, ByteBuffer pagingState,
                              ConsistencyLevel serialConsistency, long defaultTimestamp, String keyspace,
                              int nowInSeconds) {

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;
    public static final int NO_NOW = Integer.MIN_VALUE;

    public QueryParameters {
        values = values == null ? List.of() : java.util.Collections.unmodifiableList(values);
    }

    public boolean hasTimestamp() {
        return defaultTimestamp != NO_TIMESTAMP;
    }
}
