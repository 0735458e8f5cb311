package io.cairn.server;

import io.cairn.common.SuppressForbidden;
import io.cairn.common.time.Clock;
import io.cairn.common.time.ExecutorScheduler;
import io.cairn.common.time.SystemClock;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.coordinator.LocalDataCoordinator;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.query.TimeUuids;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.system.LocalNodeInfo;
import io.cairn.node.system.LocalTables;
import io.cairn.protocol.message.Response;
import io.cairn.server.config.NodeConfig;
import io.cairn.server.query.NodeQueryHandler;
import io.cairn.server.transport.CqlServer;
import io.cairn.server.transport.TransportLimits;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.rocksdb.RocksDbConfig;
import io.cairn.storage.rocksdb.RocksDbStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A running Cairn node: storage, schema, query layer and the CQL server, wired from a
 * {@link NodeConfig}. This is the one place that builds the production object graph.
 * {@link #close()} drains: it stops accepting connections and closes them once their
 * in-flight requests are answered, then flushes and closes storage.
 */
@SuppressForbidden(reason = "the production wiring: the real clock, an entropy-seeded random source, request threads")
public final class CairnNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CairnNode.class);

    /** Threads that execute statements (Cassandra's native_transport_max_threads defaults to 128). */
    static final int REQUEST_THREADS = 32;

    private final ExecutorScheduler scheduler;
    private final java.util.concurrent.ExecutorService requests;
    private final StorageEngine storage;
    private final CqlServer server;
    private final InetSocketAddress nativeAddress;

    private CairnNode(ExecutorScheduler scheduler, java.util.concurrent.ExecutorService requests, StorageEngine storage,
                      CqlServer server, InetSocketAddress nativeAddress) {
        this.scheduler = scheduler;
        this.requests = requests;
        this.storage = storage;
        this.server = server;
        this.nativeAddress = nativeAddress;
    }

    /** Opens storage, loads the schema and starts serving CQL; returns once the port is bound. */
    public static CairnNode start(NodeConfig config) {
        Clock clock = new SystemClock();
        RandomGenerator random = new java.security.SecureRandom();
        ExecutorScheduler scheduler = new ExecutorScheduler("cairn-scheduler",
                failure -> LOG.error("Scheduled task failed", failure));
        StorageEngine storage = null;
        java.util.concurrent.ExecutorService requests = java.util.concurrent.Executors.newFixedThreadPool(
                REQUEST_THREADS, new RequestThreads());
        try {
            RocksDbConfig storageConfig = RocksDbConfig.defaults(config.dataDirectory())
                    .withCommitLogSync(config.commitLogSync());
            storageConfig = new RocksDbConfig(storageConfig.dataDirectory(), storageConfig.commitLogSync(),
                    Duration.ofMillis(Math.max(1, config.commitLogSyncPeriodMillis())), storageConfig.blockCacheBytes(),
                    storageConfig.writeBufferBytes());
            storage = RocksDbStorage.open(storageConfig, clock, scheduler);
            StatementParser parser = new StatementParser();
            SchemaManager schema = new SchemaManager(storage, clock, random, parser);
            schema.start();
            QueryProcessor processor = new QueryProcessor(
                    new LocalDataCoordinator(storage, schema, config.dataCenter()), schema, clock,
                    new TimeUuids(random), parser);
            TransportLimits limits = new TransportLimits(config.maxNativeFrameBytes(),
                    config.maxInFlightRequestsPerConnection(), config.maxInFlightRequestsPerNode());
            CqlServer server = new CqlServer(new InetSocketAddress(address(config.nativeAddress()), config.nativePort()),
                    new NodeQueryHandler(processor, requests), limits);
            InetSocketAddress bound = server.start();
            LocalNodeInfo info = new LocalNodeInfo(config.clusterName(), config.dataCenter(), config.rack(),
                    address(config.listenAddress()), config.storagePort(), bound.getAddress(), bound.getPort(),
                    config.numTokens());
            LocalTables local = LocalTables.open(storage, schema.current(), info, random, clock.currentTimeSeconds());
            local.write(schema.current(), clock.currentTimeMicros());
            schema.addListener(change -> {
                local.write(schema.current(), clock.currentTimeMicros());
                server.events().broadcast(new Response.SchemaChangeEvent(NodeQueryHandler.schemaChange(change)));
            });
            LOG.info("Cairn node of cluster '{}' serving CQL on {} (host id {})", config.clusterName(), bound,
                    local.hostId());
            return new CairnNode(scheduler, requests, storage, server, bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.shutdownNow();
            closeQuietly(storage, scheduler);
            throw new IllegalStateException("Interrupted while starting the node", e);
        } catch (RuntimeException e) {
            requests.shutdownNow();
            closeQuietly(storage, scheduler);
            throw e;
        }
    }

    private static void closeQuietly(StorageEngine storage, ExecutorScheduler scheduler) {
        if (storage != null) {
            storage.close();
        }
        scheduler.close();
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Unknown address '" + host + "'", e);
        }
    }

    /** The address the CQL server is bound to (the configured port, or the chosen one for port 0). */
    public InetSocketAddress nativeAddress() {
        return nativeAddress;
    }

    @Override
    public void close() {
        LOG.info("Draining: closing client connections, then flushing storage");
        server.close();
        requests.shutdown();
        try {
            if (!requests.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("Requests still executing after 30 s; stopping them");
                requests.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.shutdownNow();
        }
        storage.flush();
        storage.close();
        scheduler.close();
        LOG.info("Node stopped");
    }

    /** Names the request threads and makes them daemons, so a failed start never pins the JVM. */
    @SuppressForbidden(reason = "the production wiring creates the request threads")
    private static final class RequestThreads implements java.util.concurrent.ThreadFactory {
        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "cairn-request-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
