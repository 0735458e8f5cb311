package io.cairn.node.replica;

import io.cairn.node.system.TruncationRecords;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.node.messages.HintMessage;
import io.cairn.node.messages.MutationMessage;
import io.cairn.node.messages.RangeReadMessage;
import io.cairn.node.messages.ReadMessage;
import io.cairn.node.messages.ReadMode;
import io.cairn.node.messages.ReadRepairMessage;
import io.cairn.node.messages.ReplicaMessage;
import io.cairn.node.messages.StreamMessage;
import io.cairn.node.messages.TracedPayload;
import io.cairn.node.messages.TruncateMessage;
import io.cairn.node.tracing.Trace;
import io.cairn.node.tracing.TraceState;
import io.cairn.node.tracing.Tracing;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;
import io.cairn.storage.wire.StorageSerializers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A replica's side of the data verbs: applies MUTATIONs, HINTs and read repairs to local storage
 * and answers READs with rows, a digest of them, or the partition's raw data. Requests are
 * {@link io.cairn.node.messages} records; a malformed one or a failing table is logged and not
 * answered (the coordinator times out), except a TRUNCATE, which answers whether it emptied
 * the table. A request planned at a stale epoch is refused ({@link EpochGate}). No exception
 * escapes a handler.
 */
public final class ReplicaHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaHandlers.class);

    private final io.cairn.common.time.Clock clock;
    private final StorageEngine storage;
    private final MessagingService messaging;
    private final TruncationRecords truncations;
    private final ReplicaStage stage;
    private final EpochGate gate;
    private final PaxosRegisters paxosRegisters;
    private final AtomicLong malformedMessages = new AtomicLong();
    private final Tracing tracing;

    /** Where a STREAM of Paxos registers is answered from: the node's Paxos replica, which owns their layout. */
    @FunctionalInterface
    public interface PaxosRegisters {
        /** A page of the registers of {@code table}'s partitions in {@code range}, as stored. */
        UpdatePage export(TableId table, TokenRange range, PartitionKey resumeAfter, int maxPartitions);
    }

    /**
     * @param stage          where the handlers run (never on the messaging threads in production)
     * @param gate           refuses MUTATION, READ_REPAIR, READ and RANGE_READ requests planned at a stale epoch
     * @param paxosRegisters answers a STREAM of a range's Paxos registers (copied with its data)
     */
    public ReplicaHandlers(StorageEngine storage, MessagingService messaging, TruncationRecords truncations,
                           ReplicaStage stage, EpochGate gate, PaxosRegisters paxosRegisters,
                           io.cairn.common.time.Clock clock) {
        this(storage, messaging, truncations, stage, gate, paxosRegisters, clock, null);
    }

    /**
     * As above, recording the steps of traced requests (READ, RANGE_READ, MUTATION and READ_REPAIR
     * sent for a tracing session) and sending them to their coordinator; null: traced requests
     * are served untraced.
     */
    public ReplicaHandlers(StorageEngine storage, MessagingService messaging, TruncationRecords truncations,
                           ReplicaStage stage, EpochGate gate, PaxosRegisters paxosRegisters,
                           io.cairn.common.time.Clock clock, Tracing tracing) {
        this.tracing = tracing;
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.storage = storage;
        this.messaging = messaging;
        this.truncations = truncations;
        this.stage = stage;
        this.gate = java.util.Objects.requireNonNull(gate, "gate");
        this.paxosRegisters = java.util.Objects.requireNonNull(paxosRegisters, "paxosRegisters");
    }

    /**
     * Registers the handlers of MUTATION, HINT, READ_REPAIR, READ, RANGE_READ, STREAM and
     * TRUNCATE, each run on the replica stage.
     */
    public void register() {
        registerTraced(Verb.MUTATION, this::onMutation);
        register(Verb.HINT, this::onHint);
        registerTraced(Verb.READ_REPAIR, this::onReadRepair);
        registerTraced(Verb.READ, this::onRead);
        registerTraced(Verb.RANGE_READ, this::onRangeRead);
        register(Verb.STREAM, this::onStream);
        register(Verb.TRUNCATE, this::onTruncate);
    }

    /** The most rows a page of an index read answers when this node's schema lacks the index. */
    static final int UNINDEXED_PAGE_ROWS = 10_000;

    /**
     * Registers the handler of INDEX_READ: a page of a range's rows that hold an expression,
     * found through the table's index ({@code scanner}), the table as this node's schema has it.
     */
    public void registerIndexReads(io.cairn.node.index.IndexScanner scanner,
                                   Function<TableId, io.cairn.node.schema.TableMetadata> tables) {
        registerTraced(Verb.INDEX_READ, (message, trace) -> {
            RangeReadMessage read = decode(message, RangeReadMessage::deserializeIndexRead);
            if (read == null || gate.refusesRange(messaging, message, read.table(), read.range())) {
                return;
            }
            io.cairn.node.schema.TableMetadata table = tables.apply(read.table());
            try {
                if (table == null || !io.cairn.node.index.IndexScanner.hasIndexes(table, read.index())) {
                    // This node's schema is behind or ahead: it answers every row of the range,
                    // which the coordinator's test of the expression filters.
                    // (A search for neighbours reads no more rows at a time than a plain page.)
                    respond(message, trace, StorageSerializers.serialize(storage.scan(read.table(), read.range(),
                            read.resumeAfter(), read.filter().withRowLimit(Math.min(read.filter().rowLimit(),
                                    UNINDEXED_PAGE_ROWS)))));
                    return;
                }
                if (trace.isOn()) {
                    trace.event("Executing index read of " + read.table() + " by " + read.index().index() + " in "
                            + read.range());
                }
                io.cairn.storage.ScanPage page = scanner.scan(table, read.range(), read.resumeAfter(), read.filter(),
                        read.index());
                if (trace.isOn()) {
                    trace.event("Read " + page.partitions().size() + " partitions through the index"
                            + (page.hasMorePages() ? ", with more to page" : ""));
                }
                respond(message, trace, StorageSerializers.serialize(page));
            } catch (RuntimeException e) {
                LOG.warn("Could not answer an index read from {}: {}", message.from(), e.getMessage());
            }
        });
    }

    private void register(Verb verb, io.cairn.cluster.messaging.MessageHandler handler) {
        messaging.registerHandler(verb, stage.wrap(messaging, handler));
    }

    /** A handler of a request that may be part of a tracing session, given its trace. */
    private interface TracedHandler {
        void handle(Message message, Trace trace);
    }

    /** Registers a handler whose requests may carry a tracing session ({@link TracedPayload}). */
    private void registerTraced(Verb verb, TracedHandler handler) {
        register(verb, message -> {
            if (!TracedPayload.isTraced(message.payload())) {
                handler.handle(message, Trace.NONE);
                return;
            }
            TracedPayload.Unwrapped unwrapped = TracedPayload.unwrap(message.payload());
            Message inner = new Message(message.id(), message.verb(), message.from(), message.isResponse(),
                    message.epoch(), unwrapped.message());
            if (tracing == null) {
                handler.handle(inner, Trace.NONE);
                return;
            }
            TraceState trace = tracing.onReplica(unwrapped.session());
            trace.event(verb + " message received from " + message.from());
            handler.handle(inner, trace);
        });
    }

    /** Answers a request, first sending its trace's events to the coordinator when it is traced. */
    private void respond(Message message, Trace trace, byte[] answer) {
        if (trace instanceof TraceState state) {
            state.event("Enqueuing response to " + message.from());
            tracing.sendToCoordinator(state, message.from());
        }
        messaging.respond(message, answer);
    }

    /**
     * Decodes a request, or logs and counts it and gives null when it is malformed: the handler
     * then answers nothing (the coordinator times out) and the replica goes on serving.
     */
    private <T extends ReplicaMessage> T decode(Message message, Function<byte[], T> deserialize) {
        try {
            return deserialize.apply(message.payload());
        } catch (MalformedMessageException e) {
            malformedMessages.incrementAndGet();
            LOG.warn("Ignoring a {} from {}: {}", message.verb(), message.from(), e.getMessage());
            return null;
        }
    }

    /** How many malformed requests this replica received and ignored. */
    public long malformedMessages() {
        return malformedMessages.get();
    }

    /**
     * Empties the table here, recording when; answers whether it could (a node that lacks the
     * table cannot, and a malformed request is a failure).
     */
    private void onTruncate(Message message) {
        TruncateMessage truncate = decode(message, TruncateMessage::deserialize);
        byte outcome = TruncateMessage.FAILED;
        try {
            if (truncate != null) {
                truncations.truncateHere(truncate.table());
                outcome = TruncateMessage.TRUNCATED;
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not truncate for {}: {}", message.from(), e.getMessage());
        }
        messaging.respond(message, new byte[] {outcome});
    }

    /** Partitions per STREAM answer: a page of a range's raw data (or Paxos registers) for a joining node. */
    public static final int STREAM_PAGE_PARTITIONS = 256;

    private void onStream(Message message) {
        StreamMessage stream = decode(message, StreamMessage::deserialize);
        if (stream == null) {
            return;
        }
        try {
            UpdatePage page = switch (stream.part()) {
                case DATA -> storage.export(stream.table(), stream.range(), stream.resumeAfter(),
                        STREAM_PAGE_PARTITIONS);
                case PAXOS_REGISTERS -> paxosRegisters.export(stream.table(), stream.range(), stream.resumeAfter(),
                        STREAM_PAGE_PARTITIONS);
            };
            // The receiver stores the page durably and lists it nowhere (a repair's or a copy's
            // merge): it must not outlive this node's own copy through a crash.
            storage.sync();
            messaging.respond(message, StorageSerializers.serialize(page));
        } catch (RuntimeException e) {
            LOG.warn("Could not answer a stream request from {}: {}", message.from(), e.getMessage());
        }
    }

    private void onRangeRead(Message message, Trace trace) {
        RangeReadMessage read = decode(message, RangeReadMessage::deserialize);
        if (read == null || gate.refusesRange(messaging, message, read.table(), read.range())) {
            return;
        }
        try {
            if (trace.isOn()) {
                trace.event("Executing range read of " + read.table() + " in " + read.range());
            }
            io.cairn.storage.ScanPage page = storage.scan(read.table(), read.range(), read.resumeAfter(), read.filter());
            if (trace.isOn()) {
                trace.event("Read " + page.partitions().size() + " partitions, "
                        + page.partitions().stream().mapToInt(partition -> partition.rows().size()).sum()
                        + " live rows" + (page.hasMorePages() ? ", with more to page" : ""));
            }
            respond(message, trace, StorageSerializers.serialize(page));
        } catch (RuntimeException e) {
            LOG.warn("Could not answer a range read from {}: {}", message.from(), e.getMessage());
        }
    }

    private void onMutation(Message message, Trace trace) {
        MutationMessage mutation = decode(message, MutationMessage::deserialize);
        if (mutation != null
                && !gate.refuses(messaging, message, mutation.table(), mutation.update().key().token())) {
            apply(message, trace, mutation.table(),
                    truncations.withoutTruncatedCounters(mutation.table(), mutation.update()), false, "a mutation");
        }
    }

    private void onReadRepair(Message message, Trace trace) {
        ReadRepairMessage repair = decode(message, ReadRepairMessage::deserialize);
        if (repair != null && !gate.refuses(messaging, message, repair.table(), repair.update().key().token())) {
            // Synced, whatever the commit log's mode: the read that repaired a quorum has answered
            // with the data, and a later read must not miss it because a repaired replica crashed.
            apply(message, trace, repair.table(),
                    truncations.withoutTruncatedCounters(repair.table(), repair.update()), true, "a read repair");
        }
    }

    private void apply(Message message, Trace trace, TableId table, PartitionUpdate update, boolean synced,
                       String what) {
        try {
            if (trace.isOn()) {
                trace.event("Applying " + what + " to " + table + (synced ? ", synced to the commit log" : ""));
            }
            if (synced) {
                storage.applySynced(table, update);
            } else {
                storage.apply(table, update);
            }
            respond(message, trace, new byte[0]);
        } catch (RuntimeException e) {
            LOG.warn("Could not apply {} from {}: {}", what, message.from(), e.getMessage());
        }
    }

    /**
     * Applies a hinted mutation, unless its table was truncated here since it was hinted (then
     * it is acknowledged and dropped: the truncation removed what it wrote).
     */
    private void onHint(Message message) {
        HintMessage hint = decode(message, HintMessage::deserialize);
        if (hint == null) {
            return;
        }
        try {
            // A hint past its table's gc grace (held up on its way) could bring back data whose
            // tombstone this replica purged: acknowledged, so that it is deleted, but not applied.
            if (!truncations.isTruncatedSince(hint.table(), hint.hintedAtMicros())
                    && !hint.update().isPastGcGrace(hint.hintedAtMicros(),
                    storage.options(hint.table()).gcGraceSeconds(), clock.currentTimeMicros())) {
                storage.apply(hint.table(), hint.update());
            }
            messaging.respond(message, new byte[0]);
        } catch (RuntimeException e) {
            LOG.warn("Could not apply a hint from {}: {}", message.from(), e.getMessage());
        }
    }

    private void onRead(Message message, Trace trace) {
        ReadMessage read = decode(message, ReadMessage::deserialize);
        if (read == null || gate.refuses(messaging, message, read.table(), read.key().token())) {
            return;
        }
        try {
            respond(message, trace, answer(storage, read.table(), read.mode(), read.key(), read.filter(), trace));
        } catch (RuntimeException e) {
            LOG.warn("Could not answer a read from {}: {}", message.from(), e.getMessage());
        }
    }

    /** What a replica answers to a read, computed from its own storage (also used locally). */
    public static byte[] answer(StorageEngine storage, TableId table, ReadMode mode, PartitionKey key,
                                ReadFilter filter) {
        return answer(storage, table, mode, key, filter, Trace.NONE);
    }

    /** As above, recording the read's steps in {@code trace}. */
    public static byte[] answer(StorageEngine storage, TableId table, ReadMode mode, PartitionKey key,
                                ReadFilter filter, Trace trace) {
        if (trace.isOn()) {
            trace.event("Executing single-partition query on " + table.table() + (mode == ReadMode.DATA ? ""
                    : mode == ReadMode.DIGEST ? " for a digest" : " for its raw data"));
            PartitionData data = mode == ReadMode.RAW ? null : storage.read(table, key, filter);
            byte[] answer = switch (mode) {
                case DATA -> StorageSerializers.serialize(data);
                case DIGEST -> digest(StorageSerializers.serialize(data));
                case RAW -> StorageSerializers.serialize(raw(storage, table, key));
            };
            trace.event(data == null ? "Read the partition as stored"
                    : "Read " + data.rows().size() + " live rows" + (data.staticRow() != null
                    ? " and the static row" : ""));
            return answer;
        }
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
