package io.cairn.server;

import io.cairn.cluster.messaging.NettyMessagingService;
import io.cairn.server.transport.CqlServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.ExecutorService;

/**
 * A node's metrics registry, which its admin endpoint serves as Prometheus text at
 * {@code /metrics}: what the node itself records (client requests by operation and consistency
 * level, the coordinator's counters; see {@code MeteredDataCoordinator}), the JVM (heap and its
 * pools, GC pauses, threads, classes, CPU, uptime), the request and replica pools, the client
 * connections and the internode messages. One per node, never global: in-JVM clusters keep
 * their nodes' metrics apart.
 */
final class NodeMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    /** The pool's size, active and queued tasks and completed ones (e.g. {@code executor_active_threads{name="request"}}). */
    void monitor(ExecutorService pool, String name) {
        new ExecutorServiceMetrics(pool, name, Tags.empty()).bindTo(registry);
        pools.add(name);
    }

    /** Client connections open and refused (over the connection limits). */
    void monitor(CqlServer server) {
        Gauge.builder("cairn.clients.connected", server, CqlServer::openConnections)
                .description("Client connections open on the native port").register(registry);
        FunctionCounter.builder("cairn.clients.refused", server, CqlServer::refusedConnections)
                .description("Client connections refused by the connection limits").register(registry);
    }

    private volatile NettyMessagingService messaging;
    /** The traffic by peer as the last scrape read it: each peer's meters read this. */
    private volatile java.util.Map<io.cairn.cluster.messaging.NodeAddress, io.cairn.cluster.messaging.PeerTraffic> traffic =
            java.util.Map.of();
    private final java.util.Set<io.cairn.cluster.messaging.NodeAddress> peersMetered =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Internode messages sent, and dropped (a full queue, a peer that refused this node); and by
     * peer, as each peer appears: messages and payload bytes sent and received, and what waits
     * for the peer's connection ({@code cairn_internode_peer_*{peer="host:port"}}).
     */
    void monitor(NettyMessagingService messaging) {
        this.messaging = messaging;
        FunctionCounter.builder("cairn.internode.messages.sent", messaging, NettyMessagingService::messagesSent)
                .description("Internode messages queued to peers").register(registry);
        FunctionCounter.builder("cairn.internode.messages.dropped", messaging, NettyMessagingService::droppedMessages)
                .description("Internode messages dropped: a full queue, or a peer that refused this node")
                .register(registry);
    }

    private volatile io.cairn.node.replica.ReplicaStage replicaStage;

    /** Follows the replica stage, for the requests it refuses when full ({@link #droppedByVerb}). */
    void monitor(io.cairn.node.replica.ReplicaStage stage) {
        this.replicaStage = stage;
        Gauge.builder("cairn.replica.stage.queued", stage, io.cairn.node.replica.ReplicaStage::queuedTasks)
                .description("Replica tasks waiting or running").register(registry);
        FunctionCounter.builder("cairn.replica.stage.refused", stage,
                        io.cairn.node.replica.ReplicaStage::refusedRequests)
                .description("Internode requests refused (OVERLOADED) or one-way messages dropped: the stage was full")
                .register(registry);
    }

    /**
     * What was dropped since the start, by verb, as nodetool tpstats's "Message type / Dropped":
     * for each verb with any, {dropped on the way out (a full queue, a peer that refused this
     * node), refused on arrival (the replica stage was full)}.
     */
    java.util.Map<String, long[]> droppedByVerb() {
        java.util.Map<String, long[]> byVerb = new java.util.TreeMap<>();
        NettyMessagingService sender = messaging;
        if (sender != null) {
            sender.droppedMessagesByVerb().forEach((verb, count) ->
                    byVerb.computeIfAbsent(verb.name(), name -> new long[2])[0] += count);
        }
        io.cairn.node.replica.ReplicaStage stage = replicaStage;
        if (stage != null) {
            stage.refusedByVerb().forEach((verb, count) ->
                    byVerb.computeIfAbsent(verb.name(), name -> new long[2])[1] += count);
        }
        return byVerb;
    }

    /** How long one reading of the storage engine's statistics serves the meters that read it. */
    static final long STORAGE_READING_NANOS = 1_000_000_000L;

    private final Object storageLock = new Object();
    private java.util.Map<String, Long> storageReading = java.util.Map.of();
    private long storageReadAt = Long.MIN_VALUE;

    /**
     * The storage engine's own statistics ({@link io.cairn.storage.StorageEngine#engineStats}), as
     * {@code cairn_storage_*}: a gauge for each, a counter for each ending in {@code _total}
     * (e.g. {@code cairn_storage_pending_compaction_bytes}, {@code cairn_storage_block_cache_hits_total}).
     * One reading of the engine serves every meter of a scrape.
     */
    void monitor(io.cairn.storage.StorageEngine storage, io.cairn.common.time.Clock clock) {
        for (String name : storage.engineStats().keySet()) {
            java.util.function.ToDoubleFunction<io.cairn.storage.StorageEngine> read =
                    engine -> storageReading(engine, clock).getOrDefault(name, 0L);
            if (name.endsWith("_total")) {
                FunctionCounter.builder("cairn.storage." + name.substring(0, name.length() - "_total".length())
                        .replace('_', '.'), storage, read)
                        .description("The storage engine's " + name.replace('_', ' ')).register(registry);
            } else {
                Gauge.builder("cairn.storage." + name.replace('_', '.'), storage, read)
                        .description("The storage engine's " + name.replace('_', ' ')).register(registry);
            }
        }
    }

    private java.util.Map<String, Long> storageReading(io.cairn.storage.StorageEngine storage,
                                                       io.cairn.common.time.Clock clock) {
        synchronized (storageLock) {
            long now = clock.nanoTime();
            if (storageReadAt == Long.MIN_VALUE || now - storageReadAt >= STORAGE_READING_NANOS) {
                try {
                    storageReading = storage.engineStats();
                } catch (RuntimeException closed) {
                    storageReading = java.util.Map.of();
                }
                storageReadAt = now;
            }
            return storageReading;
        }
    }

    /** The pools {@link #monitor(ExecutorService, String)} follows, by name, in the order they were given. */
    private final java.util.List<String> pools = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A pool's tasks now: running, queued, completed since the start, and its threads and their limit. */
    record Pool(String name, long active, long pending, long completed, long threads, long maxThreads) {
    }

    /** Each followed pool as it is now. */
    java.util.List<Pool> pools() {
        java.util.List<Pool> now = new java.util.ArrayList<>();
        for (String pool : pools) {
            now.add(new Pool(pool, (long) gauge("executor.active", pool), (long) gauge("executor.queued", pool),
                    (long) count("executor.completed", pool), (long) gauge("executor.pool.size", pool),
                    (long) gauge("executor.pool.max", pool)));
        }
        return now;
    }

    /** A gauge's value now (0 when there is none); {@code pool} the {@code name} tag, or null. */
    double gauge(String name, String pool) {
        io.micrometer.core.instrument.search.Search search = registry.find(name);
        Gauge gauge = (pool == null ? search : search.tag("name", pool)).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    /** A counter's count so far (0 when there is none); {@code pool} the {@code name} tag, or null. */
    double count(String name, String pool) {
        io.micrometer.core.instrument.search.Search search = registry.find(name);
        if (pool != null) {
            search = search.tag("name", pool);
        }
        FunctionCounter function = search.functionCounter();
        if (function != null) {
            return function.count();
        }
        io.micrometer.core.instrument.Counter plain = search.counter();
        return plain == null ? 0 : plain.count();
    }

    /** Everything in Prometheus's text exposition format (version 0.0.4). */
    String scrape() {
        NettyMessagingService peers = messaging;
        if (peers != null) {
            traffic = peers.traffic();
            for (io.cairn.cluster.messaging.NodeAddress peer : traffic.keySet()) {
                if (peersMetered.add(peer)) {
                    meterPeer(peer);
                }
            }
        }
        return registry.scrape();
    }

    private void meterPeer(io.cairn.cluster.messaging.NodeAddress peer) {
        Tags tags = Tags.of("peer", peer.toString());
        record Reading(String name, String description, boolean counter,
                       java.util.function.ToDoubleFunction<io.cairn.cluster.messaging.PeerTraffic> value) {
        }
        for (Reading reading : java.util.List.of(
                new Reading("cairn.internode.peer.messages.sent", "Messages written to the peer", true,
                        io.cairn.cluster.messaging.PeerTraffic::messagesSent),
                new Reading("cairn.internode.peer.bytes.sent", "Payload bytes written to the peer", true,
                        io.cairn.cluster.messaging.PeerTraffic::bytesSent),
                new Reading("cairn.internode.peer.messages.received", "Messages received from the peer", true,
                        io.cairn.cluster.messaging.PeerTraffic::messagesReceived),
                new Reading("cairn.internode.peer.bytes.received", "Payload bytes received from the peer", true,
                        io.cairn.cluster.messaging.PeerTraffic::bytesReceived),
                new Reading("cairn.internode.peer.queued.messages", "Messages waiting for the peer's connection",
                        false, io.cairn.cluster.messaging.PeerTraffic::queuedMessages),
                new Reading("cairn.internode.peer.queued.bytes",
                        "Bytes waiting for the peer: queued while it connects, or written and not yet sent", false,
                        io.cairn.cluster.messaging.PeerTraffic::queuedBytes))) {
            java.util.function.ToDoubleFunction<NodeMetrics> read = metrics -> reading.value().applyAsDouble(
                    metrics.traffic.getOrDefault(peer, io.cairn.cluster.messaging.PeerTraffic.NONE));
            if (reading.counter()) {
                FunctionCounter.builder(reading.name(), this, read).tags(tags).description(reading.description())
                        .register(registry);
            } else {
                Gauge.builder(reading.name(), this, read).tags(tags).description(reading.description())
                        .register(registry);
            }
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
