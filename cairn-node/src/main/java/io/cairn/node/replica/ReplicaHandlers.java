package io.cairn.node.replica;

import io.cairn.node.coordinator.ClusterTruncate;
import io.cairn.node.system.TruncationRecords;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.Verb;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * A replica's side of the data verbs: applies MUTATIONs, HINTs and read repairs to local storage
 * and answers READs with rows, a digest of them, or the partition's raw data. A malformed
 * message or a failing table is logged and not answered (the coordinator times out), except
 * a TRUNCATE, which answers whether it emptied the table.
 */
public final class ReplicaHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaHandlers.class);

    private final StorageEngine storage;
    private final MessagingService messaging;
    private final TruncationRecords truncations;

    public ReplicaHandlers(StorageEngine storage, MessagingService messaging, TruncationRecords truncations) {
        this.storage = storage;
        this.messaging = messaging;
        this.truncations = truncations;
    }

    /** Registers the handlers of MUTATION, HINT, READ_REPAIR, READ, RANGE_READ, STREAM and TRUNCATE. */
    public void register() {
        messaging.registerHandler(Verb.MUTATION, this::onMutation);
        messaging.registerHandler(Verb.HINT, this::onHint);
        messaging.registerHandler(Verb.READ_REPAIR, this::onMutation);
        messaging.registerHandler(Verb.READ, this::onRead);
        messaging.registerHandler(Verb.RANGE_READ, this::onRangeRead);
        messaging.registerHandler(Verb.STREAM, this::onStream);
        messaging.registerHandler(Verb.TRUNCATE, this::onTruncate);
    }

    /**
     * Empties the table here, recording when; answers whether it could (a node that lacks the
     * table cannot).
     */
    private void onTruncate(Message message) {
        byte outcome = ClusterTruncate.FAILED;
        try {
            truncations.truncateHere(ReplicaMessages.decode(message.payload(), 0).table());
            outcome = ClusterTruncate.TRUNCATED;
        } catch (RuntimeException e) {
            LOG.warn("Could not truncate for {}: {}", message.from(), e.getMessage());
        }
        messaging.respond(message, new byte[] {outcome});
    }

    /** Partitions per STREAM answer: a page of a range's raw data for a joining node. */
    public static final int STREAM_PAGE_PARTITIONS = 256;

    private void onStream(Message message) {
        try {
            ReplicaMessages.Parts parts = ReplicaMessages.decode(message.payload(), 1);
            StorageSerializers.RangeRequest request = StorageSerializers.deserializeRangeRequest(parts.parts()[0]);
            messaging.respond(message, StorageSerializers.serialize(storage.export(parts.table(), request.range(),
                    request.resumeAfter() == null ? null : request.resumeAfter().partition(),
                    STREAM_PAGE_PARTITIONS)));
        } catch (RuntimeException e) {
            LOG.warn("Could not answer a stream request from {}: {}", message.from(), e.getMessage());
        }
    }

    private void onRangeRead(Message message) {
        try {
            ReplicaMessages.Parts parts = ReplicaMessages.decode(message.payload(), 2);
            StorageSerializers.RangeRequest request = StorageSerializers.deserializeRangeRequest(parts.parts()[0]);
            ReadFilter filter = StorageSerializers.deserializeFilter(parts.parts()[1]);
            messaging.respond(message, StorageSerializers.serialize(
                    storage.scan(parts.table(), request.range(), request.resumeAfter(), filter)));
        } catch (RuntimeException e) {
            LOG.warn("Could not answer a range read from {}: {}", message.from(), e.getMessage());
        }
    }

    private void onMutation(Message message) {
        try {
            ReplicaMessages.Parts parts = ReplicaMessages.decode(message.payload(), 1);
            storage.apply(parts.table(), StorageSerializers.deserializeUpdate(parts.parts()[0]));
            messaging.respond(message, new byte[0]);
        } catch (RuntimeException e) {
            LOG.warn("Could not apply a mutation from {}: {}", message.from(), e.getMessage());
        }
    }

    /**
     * Applies a hinted mutation, unless its table was truncated here since it was hinted (then
     * it is acknowledged and dropped: the truncation removed what it wrote).
     */
    private void onHint(Message message) {
        try {
            ReplicaMessages.Parts parts = ReplicaMessages.decode(message.payload(), 2);
            long hintedAtMicros = ByteBuffer.wrap(parts.parts()[1]).getLong();
            if (!truncations.isTruncatedSince(parts.table(), hintedAtMicros)) {
                storage.apply(parts.table(), StorageSerializers.deserializeUpdate(parts.parts()[0]));
            }
            messaging.respond(message, new byte[0]);
        } catch (RuntimeException e) {
            LOG.warn("Could not apply a hint from {}: {}", message.from(), e.getMessage());
        }
    }

    /** A time in microseconds as a message part. */
    public static byte[] micros(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    private void onRead(Message message) {
        try {
            ReplicaMessages.Parts parts = ReplicaMessages.decode(message.payload(), 3);
            ReplicaMessages.ReadMode mode = ReplicaMessages.ReadMode.values()[parts.parts()[0][0]];
            PartitionKey key = ReplicaMessages.key(parts.parts()[1]);
            ReadFilter filter = StorageSerializers.deserializeFilter(parts.parts()[2]);
            messaging.respond(message, answer(storage, parts.table(), mode, key, filter));
        } catch (RuntimeException e) {
            LOG.warn("Could not answer a read from {}: {}", message.from(), e.getMessage());
        }
    }

    /** What a replica answers to a read, computed from its own storage (also used locally). */
    public static byte[] answer(StorageEngine storage, TableId table, ReplicaMessages.ReadMode mode, PartitionKey key,
                         ReadFilter filter) {
        return switch (mode) {
            case DATA -> StorageSerializers.serialize(storage.read(table, key, filter));
            case DIGEST -> digest(StorageSerializers.serialize(storage.read(table, key, filter)));
            case RAW -> StorageSerializers.serialize(raw(storage, table, key));
        };
    }

    /** The partition as stored, tombstones included (empty when absent). */
    public static PartitionUpdate raw(StorageEngine storage, TableId table, PartitionKey key) {
        return storage.exportPartition(table, key);
    }

    /**
     * The digest a DIGEST read answers with: a 64-bit MurmurHash3 of the serialized rows (MD5
     * cost half the CPU of a read; a digest only has to tell replicas that differ apart).
     */
    public static byte[] digest(byte[] data) {
        return java.nio.ByteBuffer.allocate(8)
                .putLong(io.cairn.common.token.Murmur3Partitioner.hash64(data, 0, data.length)).array();
    }

    public static PartitionData data(byte[] bytes) {
        return StorageSerializers.deserializeData(bytes);
    }
}
