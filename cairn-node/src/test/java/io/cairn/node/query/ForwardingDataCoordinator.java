package io.cairn.node.query;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.batchlog.TableUpdates;
import io.cairn.node.coordinator.CasRequest;
import io.cairn.node.coordinator.CasResult;
import io.cairn.node.coordinator.DataCoordinator;
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
 * A coordinator that passes every call to another (usually this node's own, {@link
 * NodeFixture#localCoordinator()}): a test overrides only the calls it holds back, inspects or
 * answers itself.
 */
public abstract class ForwardingDataCoordinator implements DataCoordinator {

    private final DataCoordinator next;

    protected ForwardingDataCoordinator(DataCoordinator next) {
        this.next = next;
    }

    @Override
    public CompletionStage<Void> write(TableMetadata table, List<PartitionUpdate> updates,
                                       ConsistencyLevel consistency) {
        return next.write(table, updates, consistency);
    }

    @Override
    public CompletionStage<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                               ConsistencyLevel consistency) {
        return next.read(table, key, filter, consistency);
    }

    @Override
    public CompletionStage<ScanPage> scan(TableMetadata table, TokenRange range, ScanPosition resumeAfter,
                                          ReadFilter filter, ConsistencyLevel consistency, io.cairn.node.messages.IndexExpression index) {
        return next.scan(table, range, resumeAfter, filter, consistency, index);
    }

    @Override
    public CompletionStage<Void> writeLogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        return next.writeLogged(batch, consistency);
    }

    @Override
    public CompletionStage<Void> writeUnlogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        return next.writeUnlogged(batch, consistency);
    }

    @Override
    public CompletionStage<CasResult> cas(TableMetadata table, PartitionKey key, CasRequest request,
                                          ConsistencyLevel serial, ConsistencyLevel commit) {
        return next.cas(table, key, request, serial, commit);
    }

    @Override
    public CompletionStage<PartitionData> readSerial(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                     ConsistencyLevel serial) {
        return next.readSerial(table, key, filter, serial);
    }

    @Override
    public CompletionStage<Void> truncate(TableMetadata table) {
        return next.truncate(table);
    }
}
