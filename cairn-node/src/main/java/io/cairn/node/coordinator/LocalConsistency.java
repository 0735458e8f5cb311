package io.cairn.node.coordinator;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.UnavailableException;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.SystemKeyspaces;


/**
 * Consistency levels on a single node: the node is the only live replica, so a level needing
 * more replicas than that fails with UNAVAILABLE before anything is read or written, exactly
 * as Cassandra answers on a one-node cluster (e.g. QUORUM on a keyspace with replication
 * factor 3 needs 2 live replicas).
 */
public final class LocalConsistency {

    static final int LIVE_NODES = 1;

    private LocalConsistency() {
    }

    public static void check(KeyspaceMetadata keyspace, ConsistencyLevel level, boolean isWrite, String localDataCenter) {
        if (SystemKeyspaces.isLocal(keyspace.name())) {
            return;
        }
        if (isWrite && level.isSerial()) {
            throw CqlException.invalid("You must use conditional updates for serializable writes");
        }
        if (!isWrite && level == ConsistencyLevel.ANY) {
            throw CqlException.invalid("ANY ConsistencyLevel is only supported for writes");
        }
        int replicationFactor = keyspace.replicationFactor(null);
        int localFactor = keyspace.replicationFactor(localDataCenter);
        int required = switch (level) {
            case ANY -> 1;
            case ONE, LOCAL_ONE -> 1;
            case TWO -> 2;
            case THREE -> 3;
            case QUORUM, SERIAL -> replicationFactor / 2 + 1;
            case LOCAL_QUORUM, LOCAL_SERIAL, EACH_QUORUM -> localFactor / 2 + 1;
            case ALL -> replicationFactor;
        };
        int alive = Math.min(LIVE_NODES, level == ConsistencyLevel.ANY ? 1 : replicationFactor);
        if (required > alive) {
            throw new UnavailableException(level, required, alive);
        }
    }
}
