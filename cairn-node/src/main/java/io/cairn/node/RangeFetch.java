package io.cairn.node;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.concurrent.AsyncLoop;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.node.agreement.MetadataService;
import io.cairn.node.bootstrap.Bootstrap;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.RangeMovement;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.SchemaManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * RANGE_FETCH: a movement that hands ranges over (a decommission, a removenode, a move) asks
 * each node that gains ranges to copy them ({@link Bootstrap}) at the movement's STARTED step,
 * once every node writes to it. The request names the movement's node and the epoch that prepared
 * it, and is answered at once: the first starts the copy, and the asker polls until the answer says how
 * many partitions were copied, or why not (not at that step yet, or the copy failed, which the
 * next request starts again). A node that restarted has forgotten its copies and starts anew.
 */
final class RangeFetch {

    private static final Logger LOG = LoggerFactory.getLogger(RangeFetch.class);

    static final int VERSION = 1;

    /** The longest reason an answer carries, in bytes. */
    static final int MAX_REASON_BYTES = 4_096;

    /** What a node answers. */
    enum Outcome { COPIED, RUNNING, NOT_AT_STEP, FAILED }

    /** How many finished copies a node remembers (one movement runs at a time). */
    static final int MAX_REMEMBERED = 16;

    /**
     * The request: copy what {@code node}'s movement gives this node, the movement prepared at
     * {@code prepared} (its {@link RangeMovement#started()}): a movement cancelled and prepared
     * again is another one, whose copies are made anew.
     */
    record Request(NodeId node, Epoch prepared) {
    }

    /** The answer: the outcome, the partitions copied, and why when not copied. */
    record Answer(Outcome outcome, long partitions, String reason) {
    }

    static byte[] encode(Request request) {
        return new ByteWriter(25).writeByte(VERSION).writeUuid(request.node().hostId())
                .writeLong(request.prepared().value()).toByteArray();
    }

    static Request readRequest(byte[] payload) {
        ByteReader in = new ByteReader(payload, "RANGE_FETCH");
        in.readVersion(VERSION);
        UUID id = in.readUuid();
        long epoch = in.readLong();
        in.expectEnd();
        if (epoch <= 0) {
            throw in.malformed("epoch " + epoch);
        }
        return new Request(new NodeId(id), Epoch.of(epoch));
    }

    static byte[] encode(Answer answer) {
        return new ByteWriter(16).writeByte(VERSION).writeByte(answer.outcome().ordinal())
                .writeLong(answer.partitions()).writeString(truncate(answer.reason())).toByteArray();
    }

    static Answer readAnswer(byte[] payload) {
        ByteReader in = new ByteReader(payload, "RANGE_FETCH answer");
        in.readVersion(VERSION);
        int outcome = in.readUnsignedByte();
        long partitions = in.readLong();
        String reason = in.readString(MAX_REASON_BYTES);
        in.expectEnd();
        if (outcome >= Outcome.values().length || partitions < 0) {
            throw in.malformed("outcome " + outcome + ", " + partitions + " partitions");
        }
        return new Answer(Outcome.values()[outcome], partitions, reason);
    }

    private static String truncate(String reason) {
        String text = reason == null ? "" : reason;
        while (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            text = text.substring(0, text.length() / 2);
        }
        return text;
    }

    private final MetadataService metadata;
    private final SchemaManager schema;
    private final MessagingService messaging;
    private final Supplier<Bootstrap> bootstrap;
    /** The copies this node started, by request; guarded by itself. */
    private final Map<Request, CompletableFuture<Long>> copies = new HashMap<>();

    RangeFetch(MetadataService metadata, SchemaManager schema, MessagingService messaging,
               Supplier<Bootstrap> bootstrap) {
        this.metadata = metadata;
        this.schema = schema;
        this.messaging = messaging;
        this.bootstrap = bootstrap;
    }

    void register(UnaryOperator<MessageHandler> where) {
        messaging.registerHandler(Verb.RANGE_FETCH, where.apply(this::answer));
    }

    private void answer(Message message) {
        Request request;
        try {
            request = readRequest(message.payload());
        } catch (MalformedMessageException e) {
            LOG.warn("Ignoring a malformed RANGE_FETCH from {}: {}", message.from(), e.getMessage());
            return;
        }
        messaging.respond(message, encode(progress(request, message.from())));
    }

    /** Where the copy {@code request} asks for stands, starting it if it is not running. */
    Answer progress(Request request, NodeAddress asker) {
        CompletableFuture<Long> copy;
        try {
            copy = copy(request, asker);
        } catch (NotAtStep e) {
            return new Answer(Outcome.NOT_AT_STEP, 0, e.getMessage());
        }
        if (!copy.isDone()) {
            return new Answer(Outcome.RUNNING, 0, "");
        }
        if (!copy.isCompletedExceptionally()) {
            return new Answer(Outcome.COPIED, copy.getNow(0L), "");
        }
        synchronized (copies) {
            copies.remove(request);
        }
        return new Answer(Outcome.FAILED, 0, String.valueOf(copy.handle((value, failure) ->
                AsyncLoop.unwrap(failure).getMessage()).getNow("")));
    }

    /** Not yet (or no longer) at the step the request is for: the asker tries again. */
    private static final class NotAtStep extends IllegalStateException {
        NotAtStep(String message) {
            super(message);
        }
    }

    /** The copy {@code request} asks for: the one this node started for it, or a new one. */
    private CompletableFuture<Long> copy(Request request, NodeAddress asker) {
        synchronized (copies) {
            CompletableFuture<Long> known = copies.get(request);
            if (known != null) {
                return known;
            }
        }
        ClusterMetadata current = metadata.current();
        RangeMovement movement = current.movement();
        boolean atStep = movement != null && movement.node().equals(request.node())
                && movement.started().equals(request.prepared()) && movement.step() == RangeMovement.Step.STARTED;
        if (!atStep && !current.epoch().isAfter(request.prepared())) {
            metadata.catchUpFrom(List.of(asker));
            throw new NotAtStep("This node is at " + current.epoch() + ", not past the movement prepared at "
                    + request.prepared() + ": it is catching up");
        }
        if (!atStep) {
            throw new NotAtStep("The log at " + current.epoch() + " has " + (movement == null ? "no movement"
                    : "the " + movement.kind() + " of " + movement.node() + " prepared at " + movement.started()
                    + ", at " + movement.step()) + ", not the movement of " + request.node() + " prepared at "
                    + request.prepared() + " at STARTED");
        }
        CompletableFuture<Long> copying = new CompletableFuture<>();
        synchronized (copies) {
            CompletableFuture<Long> known = copies.get(request);
            if (known != null) {
                return known;
            }
            if (copies.size() >= MAX_REMEMBERED) {
                copies.entrySet().removeIf(entry -> entry.getValue().isDone());
            }
            copies.put(request, copying);
        }
        LOG.info("Copying the ranges the {} of {} gives this node", movement.kind(), movement.node());
        Collection<KeyspaceMetadata> keyspaces = schema.current().keyspaces().values();
        bootstrap.get().runAsync(current, keyspaces).whenComplete((partitions, failure) -> {
            if (failure == null) {
                LOG.info("Copied {} partitions for the {} of {}", partitions, movement.kind(), movement.node());
                copying.complete(partitions);
            } else {
                LOG.warn("Copying the ranges the {} of {} gives this node failed: {}", movement.kind(),
                        movement.node(), AsyncLoop.unwrap(failure).getMessage());
                copying.completeExceptionally(AsyncLoop.unwrap(failure));
            }
        });
        return copying;
    }

    /** How long one node may take to copy its ranges, asked every {@link #POLL}. */
    static final Duration COPY_WAIT = Duration.ofMinutes(30);

    /** How often the node driving the movement asks a copying node how far it is. */
    static final Duration POLL = Duration.ofSeconds(1);
}
