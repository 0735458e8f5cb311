package io.cairn.node;

import io.cairn.cluster.messaging.NodeAddress;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a node is told about itself and its cluster (the node's share of the server's
 * configuration; the simulator and tests fill it in directly).
 *
 * @param clusterName              every node of a cluster reports the same name
 * @param dataCenter               this node's data center
 * @param rack                     this node's rack
 * @param numTokens                virtual nodes, chosen on first start and kept
 * @param initialTokens            the tokens to take on first start (Cassandra's {@code initial_token});
 *                                 empty to choose them against the ring
 * @param seeds                    the nodes a new node learns the ring from (this node's own address is ignored)
 * @param autoBootstrap            whether a new node with seeds receives its data before serving; false for
 *                                 the nodes of a new cluster, which have no data to receive
 * @param readTimeout              how long a coordinator waits for read answers
 * @param writeTimeout             how long a coordinator waits for write acknowledgements
 * @param hintedHandoff            whether a coordinator stores hints for replicas that missed a write
 * @param maxHintsPerTarget        the most hints kept for one replica
 * @param hintReplayInterval       how often stored hints are offered to replicas that are up
 * @param batchlogReplayInterval   how often orphaned logged batches held here are replayed
 * @param joinRetry                after a failed join attempt, how long to wait before trying again; null to
 *                                 fail the start instead (a process exits and its operator starts it again)
 * @param replaceAddress           on a new node's first start, the address of the dead joined node whose tokens
 *                                 it takes, receiving their data from the surviving replicas (Cassandra's
 *                                 {@code replace_address_first_boot}); null to join as a node of its own. A node
 *                                 that has its data already ignores it
 * @param autoSnapshot             whether the node snapshots its storage before it deletes a table's data for a
 *                                 DROP or a TRUNCATE (Cassandra's {@code auto_snapshot}); the snapshot is a
 *                                 RocksDB checkpoint of hard links, kept until an operator deletes it
 * @param repair                   automatic repair, the wait of tombstones for it, and repair's throughput
 * @param hintBytesPerSecond       how fast the hints for one replica are delivered, in bytes a second, from all
 *                                 members together (each delivers at this divided by the number of others:
 *                                 Cassandra's {@code hinted_handoff_throttle}); 0 for no limit
 * @param maxHintWindow            how long a replica may be down and still get hints (Cassandra's
 *                                 {@code max_hint_window}, 3 h)
 * @param firstLogDelay            how long the cluster's first node (its seeds are only itself) listens for an
 *                                 existing cluster metadata log before it starts one
 *                                 ({@link io.cairn.node.agreement.MetadataService#INITIALIZE_DELAY}; in-process
 *                                 test clusters, which have no old log to hear of, shorten it)
 * @param authorization            whether statements are checked against the permissions of the clients' roles
 *                                 (Cassandra's {@code CassandraAuthorizer}) rather than allowed to every client
 *                                 ({@code AllowAllAuthorizer})
 */
public record NodeSettings(String clusterName, String dataCenter, String rack, int numTokens,
                           List<Long> initialTokens, List<NodeAddress> seeds, boolean autoBootstrap,
                           Duration readTimeout, Duration writeTimeout, boolean hintedHandoff, int maxHintsPerTarget,
                           Duration hintReplayInterval, Duration batchlogReplayInterval, Duration joinRetry,
                           NodeAddress replaceAddress, boolean autoSnapshot,
                           io.cairn.node.repair.RepairSettings repair, long hintBytesPerSecond,
                           Duration maxHintWindow, Duration firstLogDelay, boolean authorization) {

    /** Settings of a node that joins as a node of its own, without snapshots before DROP and TRUNCATE. */
    public NodeSettings(String clusterName, String dataCenter, String rack, int numTokens, List<Long> initialTokens,
                        List<NodeAddress> seeds, boolean autoBootstrap, Duration readTimeout, Duration writeTimeout,
                        boolean hintedHandoff, int maxHintsPerTarget, Duration hintReplayInterval,
                        Duration batchlogReplayInterval, Duration joinRetry) {
        this(clusterName, dataCenter, rack, numTokens, initialTokens, seeds, autoBootstrap, readTimeout, writeTimeout,
                hintedHandoff, maxHintsPerTarget, hintReplayInterval, batchlogReplayInterval, joinRetry, null, false,
                io.cairn.node.repair.RepairSettings.MANUAL, DEFAULT_HINT_BYTES_PER_SECOND, DEFAULT_MAX_HINT_WINDOW,
                io.cairn.node.agreement.MetadataService.INITIALIZE_DELAY, false);
    }

    public NodeSettings {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(dataCenter, "dataCenter");
        Objects.requireNonNull(rack, "rack");
        initialTokens = List.copyOf(initialTokens);
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(hintReplayInterval, "hintReplayInterval");
        Objects.requireNonNull(batchlogReplayInterval, "batchlogReplayInterval");
        Objects.requireNonNull(repair, "repair");
        Objects.requireNonNull(maxHintWindow, "maxHintWindow");
        Objects.requireNonNull(firstLogDelay, "firstLogDelay");
        if (hintBytesPerSecond < 0) {
            throw new IllegalArgumentException("The hint throughput must not be negative, got " + hintBytesPerSecond);
        }
        if (numTokens < 1) {
            throw new IllegalArgumentException("num_tokens must be at least 1, got " + numTokens);
        }
        if (!initialTokens.isEmpty() && initialTokens.size() != numTokens) {
            throw new IllegalArgumentException("initial tokens must number num_tokens (" + numTokens + "), got "
                    + initialTokens.size());
        }
        if (maxHintsPerTarget < 0) {
            throw new IllegalArgumentException("maxHintsPerTarget must not be negative, got " + maxHintsPerTarget);
        }
        if (joinRetry != null && (joinRetry.isNegative() || joinRetry.isZero())) {
            throw new IllegalArgumentException("joinRetry must be positive or null, got " + joinRetry);
        }
        if (replaceAddress != null && (seeds.isEmpty() || !autoBootstrap)) {
            throw new IllegalArgumentException("replace_address " + replaceAddress + " needs seeds and auto_bootstrap:"
                    + " the replacement receives the dead node's data from the cluster");
        }
    }

    /** These settings, for a node that replaces the dead node at {@code address} on its first start. */
    public NodeSettings replacing(NodeAddress address) {
        return new NodeSettings(clusterName, dataCenter, rack, numTokens, initialTokens, seeds, autoBootstrap,
                readTimeout, writeTimeout, hintedHandoff, maxHintsPerTarget, hintReplayInterval,
                batchlogReplayInterval, joinRetry, address, autoSnapshot, repair, hintBytesPerSecond, maxHintWindow,
                firstLogDelay, authorization);
    }

    /** These settings, with snapshots before DROP and TRUNCATE or without. */
    public NodeSettings withAutoSnapshot(boolean snapshot) {
        return new NodeSettings(clusterName, dataCenter, rack, numTokens, initialTokens, seeds, autoBootstrap,
                readTimeout, writeTimeout, hintedHandoff, maxHintsPerTarget, hintReplayInterval,
                batchlogReplayInterval, joinRetry, replaceAddress, snapshot, repair, hintBytesPerSecond,
                maxHintWindow, firstLogDelay, authorization);
    }

    /** These settings, repairing as {@code settings} say. */
    public NodeSettings withRepair(io.cairn.node.repair.RepairSettings settings) {
        return new NodeSettings(clusterName, dataCenter, rack, numTokens, initialTokens, seeds, autoBootstrap,
                readTimeout, writeTimeout, hintedHandoff, maxHintsPerTarget, hintReplayInterval,
                batchlogReplayInterval, joinRetry, replaceAddress, autoSnapshot, settings, hintBytesPerSecond,
                maxHintWindow, firstLogDelay, authorization);
    }

    /** These settings, delivering hints at most {@code bytesPerSecond} (0: no limit). */
    public NodeSettings withHintThrottle(long bytesPerSecond) {
        return new NodeSettings(clusterName, dataCenter, rack, numTokens, initialTokens, seeds, autoBootstrap,
                readTimeout, writeTimeout, hintedHandoff, maxHintsPerTarget, hintReplayInterval,
                batchlogReplayInterval, joinRetry, replaceAddress, autoSnapshot, repair, bytesPerSecond, maxHintWindow,
                firstLogDelay, authorization);
    }

    /** These settings, storing hints for a replica down at most {@code window}. */
    public NodeSettings withMaxHintWindow(Duration window) {
        return new NodeSettings(clusterName, dataCenter, rack, numTokens, initialTokens, seeds, autoBootstrap,
                readTimeout, writeTimeout, hintedHandoff, maxHintsPerTarget, hintReplayInterval,
                batchlogReplayInterval, joinRetry, replaceAddress, autoSnapshot, repair, hintBytesPerSecond, window,
                firstLogDelay, authorization);
    }

    /** These settings, the cluster's first node waiting {@code delay} for an existing log before it starts one. */
    public NodeSettings withFirstLogDelay(Duration delay) {
        return new NodeSettings(clusterName, dataCenter, rack, numTokens, initialTokens, seeds, autoBootstrap,
                readTimeout, writeTimeout, hintedHandoff, maxHintsPerTarget, hintReplayInterval,
                batchlogReplayInterval, joinRetry, replaceAddress, autoSnapshot, repair, hintBytesPerSecond,
                maxHintWindow, delay, authorization);
    }

    /** These settings, with statements checked against the clients' permissions or not. */
    public NodeSettings withAuthorization(boolean authorize) {
        return new NodeSettings(clusterName, dataCenter, rack, numTokens, initialTokens, seeds, autoBootstrap,
                readTimeout, writeTimeout, hintedHandoff, maxHintsPerTarget, hintReplayInterval,
                batchlogReplayInterval, joinRetry, replaceAddress, autoSnapshot, repair, hintBytesPerSecond,
                maxHintWindow, firstLogDelay, authorize);
    }

    /** Cassandra's {@code max_hint_window}: three hours. */
    public static final Duration DEFAULT_MAX_HINT_WINDOW = Duration.ofHours(3);

    /** Cassandra's {@code hinted_handoff_throttle}: 1024 KiB a second. */
    public static final long DEFAULT_HINT_BYTES_PER_SECOND = 1L << 20;
}
