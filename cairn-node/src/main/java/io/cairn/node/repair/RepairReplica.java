package io.cairn.node.repair;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.node.messages.RepairFetchMessage;
import io.cairn.node.messages.RepairMarkMessage;
import io.cairn.node.messages.RepairTreeMessage;
import io.cairn.node.messages.RepairUnrepairedMessage;
import io.cairn.node.messages.RepairWriteMessage;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;
import io.cairn.storage.wire.StorageSerializers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.UnaryOperator;

/**
 * A replica's part in repair: it answers REPAIR_TREE with the hash tree of its data of a table
 * in a range (read page by page, so memory stays bounded whatever the range holds; of some
 * partitions only, for an incremental repair), REPAIR_UNREPAIRED with the partitions written
 * since their last repair, REPAIR_FETCH with the data of some partitions, and merges
 * the partitions a REPAIR_WRITE brings (one write a page; a merge keeps the newer of every cell,
 * so pages may come in any order and twice; synced), and records a finished repair of a range
 * (REPAIR_MARK) in storage, whose purge sweep may then drop the tombstones it covers, clearing
 * the partitions it compared from the list of those written since.
 * Malformed requests are logged and not answered.
 */
public final class RepairReplica {

    private static final Logger LOG = LoggerFactory.getLogger(RepairReplica.class);

    /** The answer to a REPAIR_WRITE whose page was merged. */
    static final byte[] MERGED = new byte[0];

    /**
     * The answer when this replica could not build a tree or merge a page (it lacks the table,
     * or its storage failed): the repair fails at once rather than waiting for a timeout.
     */
    static final byte[] COULD_NOT = new byte[] {0};

    /** Partitions read at a time while a tree is built. */
    static final int TREE_PAGE_PARTITIONS = 256;

    private final StorageEngine storage;
    private final MessagingService messaging;
    private final io.cairn.common.time.Clock clock;

    public RepairReplica(StorageEngine storage, MessagingService messaging, io.cairn.common.time.Clock clock) {
        this.storage = storage;
        this.messaging = messaging;
        this.clock = clock;
    }

    /** Registers REPAIR_TREE and REPAIR_WRITE, each run where {@code where} puts it (the replica stage). */
    public void register(UnaryOperator<MessageHandler> where) {
        messaging.registerHandler(Verb.REPAIR_TREE, where.apply(this::onTree));
        messaging.registerHandler(Verb.REPAIR_WRITE, where.apply(this::onWrite));
        messaging.registerHandler(Verb.REPAIR_MARK, where.apply(this::onMark));
        messaging.registerHandler(Verb.REPAIR_UNREPAIRED, where.apply(this::onUnrepaired));
        messaging.registerHandler(Verb.REPAIR_FETCH, where.apply(this::onFetch));
    }

    /**
     * Merges a page of a repair (or of a merge of replicas) durably: a replica that the repair
     * then marks as holding every tombstone must still hold them after a crash, whatever the
     * commit log's sync mode, since the others may purge theirs. Not listed as unrepaired: the
     * replica it came from lists what differed until the repair marks the range, and then every
     * replica holds it (a copy a joining node streams is the same as its source's).
     */
    static void merge(StorageEngine storage, TableId table, java.util.List<PartitionUpdate> updates) {
        if (!updates.isEmpty()) {
            storage.applySynced(updates.stream().map(update -> new io.cairn.storage.TableWrite(table, update))
                    .toList(), false);
        }
    }

    /** The hash tree of this node's data of {@code table} in {@code range}, with {@code leaves} leaves. */
    public HashTree tree(TableId table, TokenRange range, int leaves) {
        HashTree.Builder tree = HashTree.builder(range, leaves);
        hashInto(tree, table, range);
        return tree.build();
    }

    /**
     * The hash tree of this node's data of {@code partitions} of {@code table} (in {@code range};
     * null: every partition there), with {@code leaves} leaves.
     */
    public HashTree tree(TableId table, TokenRange range, int leaves, java.util.List<PartitionKey> partitions) {
        if (partitions == null) {
            return tree(table, range, leaves);
        }
        HashTree.Builder tree = HashTree.builder(range, leaves);
        hashInto(tree, table, partitions);
        return tree.build();
    }

    /** A replica's tree for a repair, and its unrepaired high water taken before it. */
    record DurableTree(long highWater, HashTree tree) {
    }

    /**
     * This node's tree for a repair ({@link #tree(TableId, TokenRange, int, java.util.List)}),
     * with its high water taken first, and what the tree holds forced to disk: once the other
     * replicas clear their lists on its strength, nothing would name it if a crash under
     * periodic sync took it back.
     */
    DurableTree durableTree(TableId table, TokenRange range, int leaves, java.util.List<PartitionKey> partitions) {
        long highWater = storage.unrepairedHighWater();
        HashTree tree = tree(table, range, leaves, partitions);
        storage.sync();
        return new DurableTree(highWater, tree);
    }

    /** Adds this node's data of each of {@code partitions} (within the tree's range) to {@code tree}. */
    void hashInto(HashTree.Builder tree, TableId table, java.util.Collection<PartitionKey> partitions) {
        for (PartitionKey partition : partitions) {
            PartitionUpdate stored = storage.exportPartition(table, partition);
            if (!stored.isEmpty()) {
                tree.add(stored);
            }
        }
    }

    /**
     * The partitions of {@code table} in {@code range} written here since their last repair,
     * after taking the high water a later mark clears up to. Null partitions (compare the whole
     * range) when this node cannot say which changed: the range was never repaired here (a new
     * replica, a table that just began listing), the table lists none, or they are more than
     * {@link RepairTreeMessage#MAX_PARTITIONS} or {@link RepairTreeMessage#MAX_PARTITION_BYTES}.
     */
    public RepairUnrepairedMessage.Answer unrepaired(TableId table, TokenRange range) {
        long highWater = storage.unrepairedHighWater();
        if (!storage.options(table).tracksUnrepaired()
                || storage.repaired(table).oldest(range) == io.cairn.storage.RepairedRanges.NEVER) {
            return new RepairUnrepairedMessage.Answer(highWater, null);
        }
        java.util.List<PartitionKey> partitions = new java.util.ArrayList<>();
        long bytes = 0;
        PartitionKey resume = null;
        do {
            io.cairn.storage.UnrepairedPage page = storage.unrepaired(table, range, resume, TREE_PAGE_PARTITIONS);
            for (PartitionKey partition : page.partitions()) {
                bytes += RepairTreeMessage.bytesOf(partition);
            }
            partitions.addAll(page.partitions());
            if (partitions.size() > RepairTreeMessage.MAX_PARTITIONS || bytes > RepairTreeMessage.MAX_PARTITION_BYTES) {
                return new RepairUnrepairedMessage.Answer(highWater, null);
            }
            resume = page.resumeAfter();
        } while (resume != null);
        return new RepairUnrepairedMessage.Answer(highWater, partitions);
    }

    /** Records the repair {@code mark} describes: its time, and the unrepaired partitions it cleared. */
    void mark(RepairMarkMessage mark) {
        // A coordinator whose clock runs ahead must not mark this replica's ranges as repaired
        // in its future: its purge would then no longer wait for any later repair.
        storage.markRepaired(mark.table(), mark.range(), Math.min(mark.repairedAtSeconds(),
                clock.currentTimeSeconds()));
        if (mark.clearUpTo() != RepairMarkMessage.CLEAR_NONE) {
            // What was compared is durable already: each replica forced its commit log after its
            // tree (durableTree), and nothing is cleared that no tree held.
            storage.clearUnrepaired(mark.table(), mark.range(), mark.clearUpTo());
        }
    }

    /** Adds this node's partitions of {@code table} in {@code range} (within the tree's) to {@code tree}, page by page. */
    void hashInto(HashTree.Builder tree, TableId table, TokenRange range) {
        PartitionKey resume = null;
        do {
            UpdatePage page = storage.export(table, range, resume, TREE_PAGE_PARTITIONS);
            for (PartitionUpdate partition : page.updates()) {
                tree.add(partition);
            }
            resume = page.resumeAfter();
        } while (resume != null);
    }

    private void onTree(Message message) {
        answer(message, "REPAIR_TREE", RepairTreeMessage::deserialize, request -> {
            DurableTree built = durableTree(request.table(), request.range(), request.leaves(), request.partitions());
            return RepairTreeMessage.answer(built.highWater(), built.tree().serialize());
        }, request -> "build the hash tree of " + request.table() + " in " + request.range());
    }

    private void onWrite(Message message) {
        answer(message, "REPAIR_WRITE", RepairWriteMessage::deserialize, write -> {
            merge(storage, write.table(), write.updates());
            return MERGED;
        }, write -> "merge a repair page of " + write.table());
    }

    private void onMark(Message message) {
        answer(message, "REPAIR_MARK", RepairMarkMessage::deserialize, mark -> {
            mark(mark);
            return MERGED;
        }, mark -> "record the repair of " + mark.table() + " in " + mark.range());
    }

    private void onUnrepaired(Message message) {
        answer(message, "REPAIR_UNREPAIRED", RepairUnrepairedMessage::deserialize, request -> {
            RepairUnrepairedMessage.Answer listed = unrepaired(request.table(), request.range());
            return RepairUnrepairedMessage.answer(listed.highWater(), listed.partitions());
        }, request -> "list the unrepaired partitions of " + request.table() + " in " + request.range());
    }

    private void onFetch(Message message) {
        answer(message, "REPAIR_FETCH", RepairFetchMessage::deserialize, request ->
                StorageSerializers.serialize(new UpdatePage(fetch(request.table(), request.partitions()), null)),
                request -> "read " + request.partitions().size() + " partitions of " + request.table());
    }

    /**
     * Reads a request, does {@code work} and answers with what it returns, or with
     * {@link #COULD_NOT} when it fails (logged, saying it could not {@code what}); a malformed
     * request is logged and not answered.
     */
    private <T> void answer(Message message, String verb, java.util.function.Function<byte[], T> read,
                            java.util.function.Function<T, byte[]> work,
                            java.util.function.Function<T, String> what) {
        T request;
        try {
            request = read.apply(message.payload());
        } catch (MalformedMessageException e) {
            LOG.warn("Ignoring a malformed {} from {}: {}", verb, message.from(), e.getMessage());
            return;
        }
        byte[] answer;
        try {
            answer = work.apply(request);
        } catch (RuntimeException e) {
            LOG.warn("Could not {} for {}: {}", what.apply(request), message.from(), e.getMessage());
            answer = COULD_NOT;
        }
        messaging.respond(message, answer);
    }

    /**
     * This node's data of {@code partitions} of {@code table}, as stored, without the absent
     * ones, made durable here first: the receiver merges it unlisted, so it must not outlive this
     * node's copy through a crash.
     */
    java.util.List<PartitionUpdate> fetch(TableId table, java.util.List<PartitionKey> partitions) {
        java.util.List<PartitionUpdate> stored = new java.util.ArrayList<>();
        for (PartitionKey partition : partitions) {
            PartitionUpdate update = storage.exportPartition(table, partition);
            if (!update.isEmpty()) {
                stored.add(update);
            }
        }
        storage.sync();
        return stored;
    }
}
