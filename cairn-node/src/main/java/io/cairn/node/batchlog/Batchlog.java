package io.cairn.node.batchlog;

import io.cairn.common.wire.MalformedMessageException;
import io.cairn.node.messages.BatchRemoveMessage;
import io.cairn.node.messages.BatchStoreMessage;
import io.cairn.node.messages.TableMutation;
import io.cairn.node.system.TruncationRecords;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Clock;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.TableLayout;
import io.cairn.common.time.TimeUuids;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The batchlog: a LOGGED batch is first stored on other nodes ({@code system.batches}), then
 * applied, then removed. A node replays the batches it holds that are older than
 * {@link #REPLAY_AFTER_MILLIS} (their coordinator died before removing them), so a batch
 * either never happened or all of it happens. A replayed batch leaves out its mutations of
 * tables truncated here since the batch was written (see {@link TruncationRecords}), and those
 * of tables whose gc grace has passed since (as Cassandra's).
 */
public final class Batchlog {

    private static final Logger LOG = LoggerFactory.getLogger(Batchlog.class);

    /** A stored batch older than this is presumed orphaned by its coordinator and replayed. */
    public static final long REPLAY_AFTER_MILLIS = 10_000;

    private final StorageEngine storage;
    private final SchemaManager schema;
    private final TruncationRecords truncations;
    private final MessagingService messaging;
    private final Clock clock;

    public Batchlog(StorageEngine storage, SchemaManager schema, TruncationRecords truncations,
                    MessagingService messaging, Clock clock) {
        this.storage = storage;
        this.schema = schema;
        this.truncations = truncations;
        this.messaging = messaging;
        this.clock = clock;
    }

    /**
     * Handles BATCH_STORE and BATCH_REMOVE from other coordinators; {@code where} says where
     * each handler runs (the node's replica stage: storage work stays off messaging threads).
     */
    public void register(java.util.function.UnaryOperator<io.cairn.cluster.messaging.MessageHandler> where) {
        messaging.registerHandler(Verb.BATCH_STORE, where.apply(this::onStore));
        messaging.registerHandler(Verb.BATCH_REMOVE, where.apply(this::onRemove));
    }

    private TableMetadata table() {
        return schema.current().table(SystemKeyspaces.SYSTEM, "batches");
    }

    /** The BATCH_STORE message of a batch: its id and every partition update of every table. */
    public static byte[] encode(UUID id, List<TableUpdates> batch) {
        List<TableMutation> mutations = new ArrayList<>();
        for (TableUpdates part : batch) {
            for (PartitionUpdate update : part.updates()) {
                mutations.add(new TableMutation(part.table().tableId(), update));
            }
        }
        return new BatchStoreMessage(id, mutations).serialize();
    }

    /**
     * Stores a batch on this node: the BATCH_STORE message as it came, once it is known to be
     * well formed (replay reads it back with {@link BatchStoreMessage#deserialize}).
     */
    public void store(byte[] encoded) {
        BatchStoreMessage batch = BatchStoreMessage.deserialize(encoded);
        Map<String, ByteBuffer> row = new HashMap<>();
        row.put("id", NativeType.TIMEUUID.decompose(batch.id()));
        row.put("mutations", ByteBuffer.wrap(encoded));
        storage.apply(table().tableId(), SchemaRows.row(table(), row, clock.currentTimeMicros()));
    }

    /** Removes a batch applied in full. */
    public void remove(UUID id) {
        PartitionKey key = TableLayout.partitionKey(table(), List.of(NativeType.TIMEUUID.decompose(id)));
        storage.apply(table().tableId(), PartitionUpdate.builder(key)
                .deletePartition(new Deletion(clock.currentTimeMicros(), clock.currentTimeSeconds())).build());
    }

    private void onStore(Message message) {
        try {
            store(message.payload());
            messaging.respond(message, new byte[0]);
        } catch (MalformedMessageException e) {
            LOG.warn("Ignoring a malformed batch from {}: {}", message.from(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Could not store a batch from {}: {}", message.from(), e.getMessage());
        }
    }

    private void onRemove(Message message) {
        BatchRemoveMessage removal;
        try {
            removal = BatchRemoveMessage.deserialize(message.payload());
        } catch (MalformedMessageException e) {
            LOG.warn("Ignoring a malformed batch removal from {}: {}", message.from(), e.getMessage());
            return;
        }
        try {
            remove(removal.id());
        } catch (RuntimeException e) {
            LOG.warn("Could not remove a batch for {}: {}", message.from(), e.getMessage());
        }
    }

    /** The BATCH_REMOVE message of a batch. */
    public static byte[] idBytes(UUID id) {
        return new BatchRemoveMessage(id).serialize();
    }

    /**
     * Replays the batches stored here that are old enough, one after the other: writes every
     * mutation through {@code writer} at ONE, in turn (but those of a table truncated since
     * the batch was written), then removes the batch once all of them were acknowledged. A
     * batch whose replay fails stays, to be retried next time. Completes with how many were
     * replayed; never fails.
     */
    public CompletionStage<Integer> replay(BatchWriter writer) {
        return replay(writer, REPLAY_AFTER_MILLIS);
    }

    /**
     * Replays every batch stored here, however young (a node leaving the cluster hands its
     * batches over: replaying one whose coordinator is still at work writes the same cells
     * again, which changes nothing). Completes with how many were replayed; never fails.
     */
    public CompletionStage<Integer> replayAll(BatchWriter writer) {
        return replay(writer, 0);
    }

    /** How many batches are stored here. */
    public int size() {
        return SchemaRows.readAll(storage, table(), clock.currentTimeSeconds()).size();
    }

    private CompletionStage<Integer> replay(BatchWriter writer, long minAgeMillis) {
        TableMetadata table = table();
        long now = clock.currentTimeMillis();
        List<Map<String, ByteBuffer>> due = new ArrayList<>();
        for (Map<String, ByteBuffer> row : SchemaRows.readAll(storage, table, clock.currentTimeSeconds())) {
            UUID id = (UUID) NativeType.TIMEUUID.compose(row.get("id"));
            if (now - TimeUuids.epochMillis(id) >= minAgeMillis && row.get("mutations") != null) {
                due.add(row);
            }
        }
        CompletableFuture<Integer> replayed = CompletableFuture.completedFuture(0);
        for (Map<String, ByteBuffer> row : due) {
            replayed = replayed.thenCompose(count -> replayOne(row, writer)
                    .thenApply(isReplayed -> isReplayed ? count + 1 : count));
        }
        return replayed;
    }

    /**
     * Writes one mutation of a batch written at {@code writtenAtMicros}, unless its table is
     * gone or was truncated since, or the batch is older than the table's gc grace (a replica
     * may have purged a newer tombstone of the data: the write would bring it back).
     */
    private CompletableFuture<Void> write(TableMutation mutation, long writtenAtMicros, BatchWriter writer) {
        TableMetadata target = schema.current().table(mutation.table().keyspace(), mutation.table().table());
        if (target == null || truncations.isTruncatedSince(target.tableId(), writtenAtMicros)) {
            return CompletableFuture.completedFuture(null);
        }
        if (mutation.update().isPastGcGrace(writtenAtMicros, target.params().gcGraceSeconds(),
                clock.currentTimeMicros())) {
            LOG.warn("A batch written {} s ago is older than the gc grace of {} ({} s): its write there is dropped, "
                    + "not replayed", (clock.currentTimeMicros() - writtenAtMicros) / 1_000_000, target,
                    target.params().gcGraceSeconds());
            return CompletableFuture.completedFuture(null);
        }
        return writer.write(target, List.of(mutation.update()), ConsistencyLevel.ONE).toCompletableFuture();
    }

    /** Replays one stored batch; completes with whether it was replayed (and removed). */
    private CompletableFuture<Boolean> replayOne(Map<String, ByteBuffer> row, BatchWriter writer) {
        UUID id = (UUID) NativeType.TIMEUUID.compose(row.get("id"));
        CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
        try {
            byte[] bytes = new byte[row.get("mutations").remaining()];
            row.get("mutations").duplicate().get(bytes);
            long writtenAtMicros = TimeUuids.epochMicros(id);
            for (TableMutation mutation : BatchStoreMessage.deserialize(bytes).mutations()) {
                // Each mutation is checked against the schema and the truncations when its turn comes.
                written = written.thenCompose(ignored -> write(mutation, writtenAtMicros, writer));
            }
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return written.thenApply(ignored -> {
            remove(id);
            return true;
        }).exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.warn("Replay of batch {} failed, will retry: {}", id, cause.getMessage());
            return false;
        });
    }
}
