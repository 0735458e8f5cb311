package io.cairn.node.coordinator;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.batchlog.TableUpdates;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.TokenRange;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where the query layer reads and writes data at a consistency level: on one node, its own
 * storage; in a cluster, the replicas of each partition, through the coordinator. Errors are
 * the protocol's (Unavailable, WriteTimeout, ReadTimeout) as CqlExceptions that fail the
 * returned stage.
 *
 * <p>Nothing here waits: every method returns at once with a stage that completes when the
 * level is met, on whatever thread delivered the last answer (a messaging thread, the
 * scheduler, or the caller's own thread when everything was local). Callers compose on it
 * and never block on it.
 */
public interface DataCoordinator {

    /** Applies each partition's update (each atomically) at {@code consistency}. */
    CompletionStage<Void> write(TableMetadata table, List<PartitionUpdate> updates, ConsistencyLevel consistency);

    CompletionStage<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                        ConsistencyLevel consistency);

    default CompletionStage<ScanPage> scan(TableMetadata table, TokenRange range, ScanPosition resumeAfter,
                                           ReadFilter filter, ConsistencyLevel consistency) {
        return scan(table, range, resumeAfter, filter, consistency, null);
    }

    /**
     * A page of the range's rows, or with {@code index}, of its rows that hold that expression,
     * which each replica finds through the index (the filter's columns include the indexed one).
     * Replicas' pages that differ are reconciled and the expression tested again on the result,
     * so a replica's stale value never puts a row in the page.
     */
    CompletionStage<ScanPage> scan(TableMetadata table, TokenRange range, ScanPosition resumeAfter, ReadFilter filter,
                                   ConsistencyLevel consistency, io.cairn.node.messages.IndexExpression index);

    /**
     * Applies a LOGGED batch: all of it eventually, even if this coordinator dies midway (on a
     * single node the commit log holds each partition's update; a cluster uses the batchlog).
     * Every part is checked for live replicas before anything is written.
     */
    CompletionStage<Void> writeLogged(List<TableUpdates> batch, ConsistencyLevel consistency);

    /**
     * Applies an UNLOGGED batch of several tables' updates. Every part is checked for live
     * replicas first, so that a batch refused as UNAVAILABLE wrote nothing.
     */
    CompletionStage<Void> writeUnlogged(List<TableUpdates> batch, ConsistencyLevel consistency);

    /**
     * A lightweight transaction on one partition (INSERT ... IF NOT EXISTS, UPDATE/DELETE ...
     * IF ...): reads the rows {@code request} needs linearizably at {@code serial}, lets it
     * decide, and when it writes, makes that write the partition's next state through Paxos,
     * committed at {@code commit}. An outcome that stays unknown (a proposal some replicas may
     * have accepted) fails as WRITE_TIMEOUT with write type CAS, never as a failure; the
     * transaction is never retried once a proposal of it may have been accepted.
     *
     * @param serial SERIAL or LOCAL_SERIAL: which replicas must agree
     * @param commit the consistency level of the commit (ANY, ONE, QUORUM, LOCAL_QUORUM, ...)
     */
    CompletionStage<CasResult> cas(TableMetadata table, PartitionKey key, CasRequest request,
                                   ConsistencyLevel serial, ConsistencyLevel commit);

    /**
     * A linearizable read of one partition at SERIAL or LOCAL_SERIAL: it sees every
     * transaction acknowledged before it began, completing first any proposal it finds in
     * flight. Fails as READ_TIMEOUT (or UNAVAILABLE) like a read.
     */
    CompletionStage<PartitionData> readSerial(TableMetadata table, PartitionKey key, ReadFilter filter,
                                              ConsistencyLevel serial);

    /** Removes all of a table's data everywhere. */
    CompletionStage<Void> truncate(TableMetadata table);

    /**
     * This coordinator for one traced request: its steps (and its replicas', for a cluster's
     * coordinator) are recorded in {@code trace}. {@link io.cairn.node.tracing.Trace#NONE}, and a
     * coordinator that records nothing, give this one.
     */
    default DataCoordinator traced(io.cairn.node.tracing.Trace trace) {
        return this;
    }
}
