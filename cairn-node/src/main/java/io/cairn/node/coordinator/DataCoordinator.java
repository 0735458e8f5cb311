package io.cairn.node.coordinator;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.TokenRange;

import java.util.List;

/**
 * Where the query layer reads and writes data at a consistency level: on one node, its own
 * storage; in a cluster, the replicas of each partition, through the coordinator. Errors are
 * the protocol's (Unavailable, WriteTimeout, ReadTimeout) as CqlExceptions.
 */
public interface DataCoordinator {

    /** Applies each partition's update (each atomically) at {@code consistency}. */
    void write(TableMetadata table, List<PartitionUpdate> updates, ConsistencyLevel consistency);

    PartitionData read(TableMetadata table, PartitionKey key, ReadFilter filter, ConsistencyLevel consistency);

    ScanPage scan(TableMetadata table, TokenRange range, ScanPosition resumeAfter, ReadFilter filter,
                  ConsistencyLevel consistency);

    /** One table's part of a batch. */
    record TableUpdates(TableMetadata table, List<PartitionUpdate> updates) {
    }

    /**
     * Applies a LOGGED batch: all of it eventually, even if this coordinator dies midway. The
     * default applies the parts in turn (enough on a single node, where the commit log holds
     * each partition's update).
     */
    default void writeLogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        for (TableUpdates part : batch) {
            write(part.table(), part.updates(), consistency);
        }
    }

    /** Removes all of a table's data everywhere. */
    void truncate(TableMetadata table);
}
