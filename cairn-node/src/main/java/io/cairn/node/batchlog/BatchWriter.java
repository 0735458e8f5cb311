package io.cairn.node.batchlog;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionUpdate;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where a replayed batch's mutations are written: the cluster's replicas of each partition
 * (the data coordinator's {@code write}). The stage completes once {@code consistency} is met
 * and fails when it cannot be.
 */
@FunctionalInterface
public interface BatchWriter {

    CompletionStage<Void> write(TableMetadata table, List<PartitionUpdate> updates, ConsistencyLevel consistency);
}
