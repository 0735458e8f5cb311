package io.cairn.node.repair;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.node.messages.RepairMarkMessage;
import io.cairn.node.messages.RepairTreeMessage;
import io.cairn.node.messages.RepairWriteMessage;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.UnaryOperator;

/**
 * A replica's part in repair: it answers REPAIR_TREE with the hash tree of its data of a table
 * in a range (read page by page, so memory stays bounded whatever the range holds), and merges
 * the partitions a REPAIR_WRITE brings (one write a page; a merge keeps the newer of every cell,
 * so pages may come in any order and twice; synced), and records a finished repair of a range
 * (REPAIR_MARK) in storage, whose purge sweep may then drop the tombstones it covers.
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
    }

    /**
     * Merges a page of a repair (or of a merge of replicas) durably: a replica that the repair
     * then marks as holding every tombstone must still hold them after a crash, whatever the
     * commit log's sync mode, since the others may purge theirs.
     */
    static void merge(StorageEngine storage, TableId table, java.util.List<PartitionUpdate> updates) {
        if (!updates.isEmpty()) {
            storage.applySynced(updates.stream().map(update -> new io.cairn.storage.TableWrite(table, update))
                    .toList());
        }
    }

    /** The hash tree of this node's data of {@code table} in {@code range}, with {@code leaves} leaves. */
    public HashTree tree(TableId table, TokenRange range, int leaves) {
        HashTree.Builder tree = HashTree.builder(range, leaves);
        hashInto(tree, table, range);
        return tree.build();
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
        RepairTreeMessage request;
        try {
            request = RepairTreeMessage.deserialize(message.payload());
        } catch (MalformedMessageException e) {
            LOG.warn("Ignoring a malformed REPAIR_TREE from {}: {}", message.from(), e.getMessage());
            return;
        }
        byte[] answer;
        try {
            answer = tree(request.table(), request.range(), request.leaves()).serialize();
        } catch (RuntimeException e) {
            LOG.warn("Could not build the hash tree of {} in {} for {}: {}", request.table(), request.range(),
                    message.from(), e.getMessage());
            answer = COULD_NOT;
        }
        messaging.respond(message, answer);
    }

    private void onWrite(Message message) {
        RepairWriteMessage write;
        try {
            write = RepairWriteMessage.deserialize(message.payload());
        } catch (MalformedMessageException e) {
            LOG.warn("Ignoring a malformed REPAIR_WRITE from {}: {}", message.from(), e.getMessage());
            return;
        }
        byte[] answer = MERGED;
        try {
            merge(storage, write.table(), write.updates());
        } catch (RuntimeException e) {
            LOG.warn("Could not merge a repair page of {} from {}: {}", write.table(), message.from(), e.getMessage());
            answer = COULD_NOT;
        }
        messaging.respond(message, answer);
    }

    private void onMark(Message message) {
        RepairMarkMessage mark;
        try {
            mark = RepairMarkMessage.deserialize(message.payload());
        } catch (MalformedMessageException e) {
            LOG.warn("Ignoring a malformed REPAIR_MARK from {}: {}", message.from(), e.getMessage());
            return;
        }
        byte[] answer = MERGED;
        try {
            // A coordinator whose clock runs ahead must not mark this replica's ranges as repaired
            // in its future: its purge would then no longer wait for any later repair.
            storage.markRepaired(mark.table(), mark.range(), Math.min(mark.repairedAtSeconds(),
                    clock.currentTimeSeconds()));
        } catch (RuntimeException e) {
            LOG.warn("Could not record the repair of {} in {} from {}: {}", mark.table(), mark.range(),
                    message.from(), e.getMessage());
            answer = COULD_NOT;
        }
        messaging.respond(message, answer);
    }
}
