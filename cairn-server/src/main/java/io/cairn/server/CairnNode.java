package io.cairn.server;

import io.cairn.common.SuppressForbidden;
import io.cairn.common.time.Clock;
import io.cairn.common.time.ExecutorScheduler;
import io.cairn.common.time.SystemClock;
import io.cairn.cluster.messaging.InternodeSecret;
import io.cairn.cluster.messaging.InternodeTls;
import io.cairn.cluster.messaging.MessagingConfig;
import io.cairn.cluster.messaging.NettyMessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.Node;
import io.cairn.node.NodeDependencies;
import io.cairn.node.NodeSettings;
import io.cairn.node.repair.RepairSettings;
import io.cairn.node.replica.ReplicaStage;
import io.cairn.node.hints.HintStore;
import io.cairn.protocol.message.Response;
import io.cairn.server.auth.PasswordLogins;
import io.cairn.server.config.ClientEncryption;
import io.cairn.server.config.ClientSecurity;
import io.cairn.server.config.ServerEncryption;
import io.cairn.server.transport.ClientTls;
import io.cairn.server.config.NodeConfig;
import io.cairn.server.transport.ClientAuthenticator;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.random.RandomGenerator;

/**
 * A running Cairn process: the production dependencies (RocksDB storage, Netty messaging, the
 * system clock, a thread-backed scheduler, an entropy-seeded random source, the request
 * threads) and the CQL server around a {@link Node} built from a {@link NodeConfig}.
 * {@link #close()} drains: it stops accepting connections and closes them once their
 * in-flight requests are answered, then flushes and closes storage.
 */
@SuppressForbidden(reason = "the production wiring: the real clock, an entropy-seeded random source, request threads")
public final class CairnNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CairnNode.class);

    /** How often stored hints are offered to replicas that are up (and orphaned batches replayed). */
    static final Duration HINT_REPLAY_INTERVAL = Duration.ofSeconds(10);

    /** Threads that execute statements (Cassandra's native_transport_max_threads defaults to 128). */
    static final int REQUEST_THREADS = 32;

    /**
     * Threads that do replica work for other nodes' requests (Cassandra's concurrent_writes and
     * concurrent_reads default to 32): enough to keep a group commit's fsync busy.
     */
    static final int REPLICA_THREADS = 32;

    private final ExecutorScheduler scheduler;
    private final ExecutorScheduler storageMaintenance;
    private final java.util.concurrent.ExecutorService requests;
    private final java.util.concurrent.ExecutorService replicaWork;
    private final NettyMessagingService messaging;
    private final Node node;
    private final StorageEngine storage;
    private final CqlServer server;
    private final InetSocketAddress nativeAddress;
    private final AdminServer admin;
    private final java.util.concurrent.ExecutorService loginChecks;

    private CairnNode(ExecutorScheduler scheduler, ExecutorScheduler storageMaintenance,
                      java.util.concurrent.ExecutorService requests,
                      java.util.concurrent.ExecutorService replicaWork, StorageEngine storage, CqlServer server,
                      InetSocketAddress nativeAddress, NettyMessagingService messaging, Node node, AdminServer admin,
                      java.util.concurrent.ExecutorService loginChecks) {
        this.admin = admin;
        this.loginChecks = loginChecks;
        this.replicaWork = replicaWork;
        this.messaging = messaging;
        this.node = node;
        this.scheduler = scheduler;
        this.storageMaintenance = storageMaintenance;
        this.requests = requests;
        this.storage = storage;
        this.server = server;
        this.nativeAddress = nativeAddress;
    }

    /**
     * Completes, saying why, if the cluster removed or replaced this node while it ran (it was
     * thought dead): the node no longer gossips, and its process should {@link #close} and exit.
     */
    public java.util.concurrent.CompletionStage<String> removed() {
        return node.removed();
    }

    /** The environment variable whose value is the first superuser's password. */
    public static final String SUPERUSER_PASSWORD_VARIABLE = "CAIRN_SUPERUSER_PASSWORD";

    /** Threads that check passwords (bcrypt), and the logins that may wait for one. */
    static final int LOGIN_CHECK_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    static final int MAX_WAITING_LOGINS = 256;

    /** How often a node that authenticates tries again to create the first superuser, while it could not. */
    static final Duration SUPERUSER_RETRY = Duration.ofSeconds(10);

    /**
     * Opens storage, loads the schema, starts serving CQL and joins the cluster; returns once the
     * node is NORMAL. A node that cannot join fails with an IllegalStateException saying why. A
     * node that authenticates clients and finds no role creates the superuser
     * {@value io.cairn.node.auth.RoleManager#DEFAULT_SUPERUSER} with the password in
     * {@value #SUPERUSER_PASSWORD_VARIABLE}, or else a generated one, printed once.
     */
    public static CairnNode start(NodeConfig config) {
        return start(config, System.getenv(SUPERUSER_PASSWORD_VARIABLE));
    }

    /** As {@link #start(NodeConfig)}, the first superuser's password given (null: generated). */
    public static CairnNode start(NodeConfig config, String superuserPassword) {
        String refusal = config.clientSecurity().refusal(config.nativeAddress(), config.listenAddress());
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        String peerRefusal = config.serverEncryption().refusal(config.listenAddress(),
                config.clientSecurity().authenticationRequiredBeyondLoopback());
        if (peerRefusal != null) {
            throw new IllegalStateException(peerRefusal);
        }
        if (!config.serverEncryption().authenticatesPeers() && !ClientSecurity.isLoopback(config.listenAddress())) {
            LOG.warn("This node listens for its peers beyond loopback ({}) and they do not authenticate "
                    + "(authentication_required_beyond_loopback: false): any process that reaches its storage port "
                    + "can join the cluster", config.listenAddress());
        }
        if (!config.clientSecurity().authenticates()
                && ClientSecurity.beyondLoopback(config.nativeAddress(), config.listenAddress())) {
            LOG.warn("This node listens beyond loopback ({} and {}) and does not authenticate clients "
                    + "(authentication_required_beyond_loopback: false): anyone who reaches it can read and change "
                    + "every table", config.nativeAddress(), config.listenAddress());
        }
        Clock clock = new SystemClock();
        RandomGenerator random = new java.security.SecureRandom();
        ExecutorScheduler scheduler = new ExecutorScheduler("cairn-scheduler",
                failure -> LOG.error("Scheduled task failed", failure));
        // Storage's own periodic work (the commit log's periodic sync, the purge sweep over every
        // table) runs on a thread of its own: on the scheduler's, a slow sync or a sweep of a large
        // table would hold up gossip heartbeats and request timeouts, and the other nodes would
        // convict this one.
        ExecutorScheduler storageMaintenance = new ExecutorScheduler("cairn-storage-maintenance",
                failure -> LOG.error("Storage maintenance task failed", failure));
        StorageEngine storage = null;
        NettyMessagingService messaging = null;
        Node node = null;
        CqlServer server = null;
        AdminServer admin = null;
        java.util.concurrent.ExecutorService requests = java.util.concurrent.Executors.newFixedThreadPool(
                REQUEST_THREADS, new RequestThreads("cairn-request-"));
        java.util.concurrent.ExecutorService replicaWork = java.util.concurrent.Executors.newFixedThreadPool(
                REPLICA_THREADS, new RequestThreads("cairn-replica-"));
        java.util.concurrent.ExecutorService loginChecks = new java.util.concurrent.ThreadPoolExecutor(
                LOGIN_CHECK_THREADS, LOGIN_CHECK_THREADS, 0, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(MAX_WAITING_LOGINS), new RequestThreads("cairn-login-"));
        NodeMetrics metrics = new NodeMetrics();
        // The dashboard lists the process's last warnings and errors, from its start on.
        io.cairn.server.dashboard.RecentWarnings warnings = new io.cairn.server.dashboard.RecentWarnings(
                io.cairn.server.dashboard.RecentWarnings.DEFAULT_CAPACITY).attach();
        metrics.monitor(requests, "request");
        metrics.monitor(replicaWork, "replica");
        try {
            RocksDbConfig storageConfig = RocksDbConfig.defaults(config.dataDirectory())
                    .withCommitLogSync(config.commitLogSync());
            storageConfig = new RocksDbConfig(storageConfig.dataDirectory(), storageConfig.commitLogSync(),
                    Duration.ofMillis(Math.max(1, config.commitLogSyncPeriodMillis())), storageConfig.blockCacheBytes(),
                    storageConfig.writeBufferBytes(), config.storageStatistics());
            storage = RocksDbStorage.open(storageConfig, clock, storageMaintenance);
            metrics.monitor(storage, clock);
            MessagingConfig internode = MessagingConfig.defaults(config.clusterName(),
                    new NodeAddress(config.listenAddress(), config.storagePort()));
            ServerEncryption encryption = config.serverEncryption();
            if (encryption.enabled()) {
                internode = internode.withTls(InternodeTls.fromStores(encryption.keystore(),
                        encryption.keystorePassword(), encryption.truststore(), encryption.truststorePassword(),
                        encryption.storeType()));
            }
            if (encryption.secret() != null) {
                internode = internode.withSecret(new InternodeSecret(encryption.secret(), random));
            }
            messaging = new NettyMessagingService(internode, scheduler, clock).start();
            metrics.monitor(messaging);
            List<NodeAddress> seeds = new ArrayList<>();
            for (String seed : config.seeds()) {
                if (!seed.equals(config.listenAddress())) {
                    seeds.add(new NodeAddress(seed, config.storagePort()));
                }
            }
            NodeSettings settings = new NodeSettings(config.clusterName(), config.dataCenter(), config.rack(),
                    config.numTokens(), List.of(), seeds, true, Duration.ofMillis(config.readTimeoutMillis()),
                    Duration.ofMillis(config.writeTimeoutMillis()), config.hintedHandoff(),
                    HintStore.MAX_HINTS_PER_TARGET, HINT_REPLAY_INTERVAL, HINT_REPLAY_INTERVAL, null);
            settings = settings.withAutoSnapshot(config.autoSnapshot()).withRepair(RepairSettings.DEFAULTS
                    .withAutomatic(config.autoRepair())
                    .withBytesPerSecond((long) config.repairThroughputMibPerSec() << 20))
                    .withHintThrottle((long) config.hintThrottleKib() << 10)
                    .withMaxHintWindow(Duration.ofMillis(config.maxHintWindowMillis()))
                    .withAuthorization(config.clientSecurity().authorizes());
            if (config.replaceAddress() != null) {
                settings = settings.replacing(new NodeAddress(config.replaceAddress(), config.storagePort()));
            }
            ReplicaStage replicaStage = new ReplicaStage(replicaWork, ReplicaStage.DEFAULT_MAX_QUEUED_TASKS);
            metrics.monitor(replicaStage);
            node = new Node(settings, new NodeDependencies(clock, scheduler, random, messaging, storage, requests,
                    replicaStage)
                    .withMeters(config.metricsEnabled() ? metrics.registry()
                            : new io.micrometer.core.instrument.composite.CompositeMeterRegistry()));
            TransportLimits limits = new TransportLimits(config.maxNativeFrameBytes(),
                    config.maxInFlightRequestsPerConnection(), config.maxInFlightRequestsPerNode())
                    .withConnections(config.connectionLimits().maxConnections(),
                            config.connectionLimits().maxConnectionsPerAddress(),
                            Duration.ofMillis(config.connectionLimits().idleTimeoutMillis()))
                    .withBytesInFlight(config.connectionLimits().maxRequestBytesInFlightPerConnection(),
                            config.connectionLimits().maxRequestBytesInFlight() > 0
                                    ? config.connectionLimits().maxRequestBytesInFlight()
                                    : Runtime.getRuntime().maxMemory() / 10);
            InetSocketAddress intended = new InetSocketAddress(address(config.nativeAddress()), config.nativePort());
            ClientAuthenticator logins = config.clientSecurity().authenticates()
                    ? new PasswordLogins(node.roles(), loginChecks, scheduler, random) : ClientAuthenticator.NONE;
            ClientEncryption clientTls = config.clientSecurity().encryption();
            ClientTls tls = clientTls.enabled() ? new ClientTls(new ClientTls.Stores(clientTls.keystore(),
                    clientTls.keystorePassword(), clientTls.truststore(), clientTls.truststorePassword(),
                    clientTls.storeType(), clientTls.requireClientAuth()), clientTls.optional(), clock) : null;
            io.cairn.server.query.SlowQueryLog slowQueries = config.slowQueryLogTimeoutMillis() > 0
                    ? new io.cairn.server.query.SlowQueryLog(config.slowQueryLogTimeoutMillis(), clock) : null;
            server = new CqlServer(intended, new NodeQueryHandler(node.queryProcessor(), requests, node.tracing(),
                    slowQueries), limits, logins, tls);
            metrics.monitor(server);
            node.addViewRefresher(new ProcessViews(node.storage(), metrics, config, clock, server::clients)::refresh);
            node.addGossipListener(new ClientEvents(server));
            CqlServer clients = server;
            node.addSchemaListener(change -> clients.events().broadcast(
                    new Response.SchemaChangeEvent(NodeQueryHandler.schemaChange(change))));
            InetSocketAddress bound;
            if (intended.getPort() == 0 || !node.receivesData()) {
                // A node that joined before serves its ranges at once (and others announce it up
                // as soon as it gossips); an ephemeral port is known only once bound, and the
                // others learn it through gossip.
                bound = bind(server);
                awaitJoined(node, bound);
            } else {
                // As Cassandra: a new node or a replacement lets clients in once it has joined.
                // A driver that connected earlier would send it requests it cannot answer yet.
                // The port is tried first, so that a port in use fails the start before the
                // node takes ranges.
                checkFree(intended);
                awaitJoined(node, intended);
                bound = bind(server);
            }
            java.util.concurrent.atomic.AtomicReference<CairnNode> started = new java.util.concurrent.atomic.AtomicReference<>();
            if (!adminAddress(config).equals(address(config.listenAddress()))) {
                LOG.info("The admin endpoint listens on the loopback address only (listen_address {} is not one)",
                        config.listenAddress());
            }
            admin = AdminServer.start(new InetSocketAddress(adminAddress(config), config.adminPort()), node,
                    metrics, config, () -> {
                        CairnNode running = started.get();
                        if (running == null) {
                            throw new IllegalStateException("The node is still starting: drain it once it has started");
                        }
                        running.drain();
                    }, clock, scheduler, warnings, new AdminGate(logins, node.roles()::isSuperuser));
            // The other nodes' dashboards ask this node's endpoint for its part of their view.
            InetSocketAddress adminBound = admin.address();
            node.gossiper().setState(io.cairn.cluster.gossip.ApplicationState.ADMIN_ADDRESS,
                    adminBound.getAddress().getHostAddress() + ":" + adminBound.getPort());
            LOG.info("Cairn node of cluster '{}' serving CQL on {} (host id {})", config.clusterName(), bound,
                    node.hostId());
            if (config.clientSecurity().authenticates()) {
                ensureSuperuser(node, scheduler, superuserPassword, random);
            }
            CairnNode running = new CairnNode(scheduler, storageMaintenance, requests, replicaWork, storage, server,
                    bound, messaging, node, admin, loginChecks);
            started.set(running);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            metrics.close();
            warnings.close();
            stopAfterFailedStart(List.of(requests, replicaWork, loginChecks), server, node, messaging, storage,
                    List.of(scheduler, storageMaintenance));
            throw new IllegalStateException("Interrupted while starting the node", e);
        } catch (RuntimeException e) {
            if (admin != null) {
                admin.close();
            } else {
                metrics.close();
                warnings.close();
            }
            stopAfterFailedStart(List.of(requests, replicaWork, loginChecks), server, node, messaging, storage,
                    List.of(scheduler, storageMaintenance));
            throw e;
        }
    }

    /**
     * Creates the first superuser when the cluster has no role, trying again every
     * {@link #SUPERUSER_RETRY} while it cannot (the metadata log unavailable). A generated
     * password is printed once, to the console and the log; a given one never.
     */
    private static void ensureSuperuser(Node node, ExecutorScheduler scheduler, String given, RandomGenerator random) {
        if (node.roles().hasRoles()) {
            return;
        }
        boolean generated = given == null || given.isEmpty();
        String password = generated ? generatedPassword(random) : given;
        node.roles().createFirstSuperuser(io.cairn.node.auth.RoleManager.DEFAULT_SUPERUSER, password)
                .whenComplete((created, failure) -> {
                    if (failure != null) {
                        LOG.warn("Could not create the first superuser yet ({}); trying again in {} s",
                                failure.getMessage(), SUPERUSER_RETRY.toSeconds());
                        scheduler.schedule(SUPERUSER_RETRY, () -> ensureSuperuser(node, scheduler, given, random));
                    } else if (created && generated) {
                        String line = "Created the superuser '" + io.cairn.node.auth.RoleManager.DEFAULT_SUPERUSER
                                + "' with the password " + password + " (shown only this once: log in with it and "
                                + "change it with ALTER ROLE, or set " + SUPERUSER_PASSWORD_VARIABLE + " before the "
                                + "first start)";
                        System.out.println(line);
                        LOG.warn(io.cairn.server.dashboard.RecentWarnings.LOG_ONLY, line);
                    } else if (created) {
                        LOG.info("Created the superuser '{}' with the password of {}",
                                io.cairn.node.auth.RoleManager.DEFAULT_SUPERUSER, SUPERUSER_PASSWORD_VARIABLE);
                    }
                });
    }

    /** 24 characters of letters and digits from {@code random} (a SecureRandom): about 142 bits. */
    static String generatedPassword(RandomGenerator random) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder password = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    /** Binds the CQL port; a port that cannot be bound fails with an IllegalStateException naming it. */
    private static InetSocketAddress bind(CqlServer server) throws InterruptedException {
        try {
            return server.start();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Netty rethrows the bind's checked exception (a port in use) as it is.
            throw new IllegalStateException("Cannot serve CQL on " + server.address() + ": " + e.getMessage(), e);
        }
    }

    /** Fails, naming the address, when {@code address} cannot be bound now (another process holds it). */
    private static void checkFree(InetSocketAddress address) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(address);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot serve CQL on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Waits (this process's main thread may) until the node is NORMAL; rethrows why it could not join. */
    private static void awaitJoined(Node node, InetSocketAddress bound) throws InterruptedException {
        try {
            node.start(bound).toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("The node could not start: " + cause, cause);
        }
    }

    private static void stopAfterFailedStart(List<java.util.concurrent.ExecutorService> pools, CqlServer server,
                                             Node node, NettyMessagingService messaging, StorageEngine storage,
                                             List<ExecutorScheduler> schedulers) {
        pools.forEach(java.util.concurrent.ExecutorService::shutdownNow);
        if (server != null) {
            server.close();
        }
        if (node != null) {
            node.close();
        }
        if (messaging != null) {
            messaging.close();
        }
        if (storage != null) {
            storage.close();
        }
        schedulers.forEach(ExecutorScheduler::close);
    }

    /**
     * Where the admin endpoint listens: the listen address when it is a loopback one (each node
     * of a local cluster has its own), else the loopback address: it is never reachable from
     * other machines (it has no TLS, and without client logins no authentication either).
     */
    public static InetAddress adminAddress(NodeConfig config) {
        InetAddress listen = address(config.listenAddress());
        return listen.isLoopbackAddress() ? listen : InetAddress.getLoopbackAddress();
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

    /** Where the admin endpoint listens. */
    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    /** Cairn's version, as its distribution's jar says it ("dev" for a build from the sources). */
    public static String version() {
        return LocalAdmin.version();
    }

    /** The node this process runs. */
    public Node node() {
        return node;
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private final java.util.concurrent.atomic.AtomicBoolean drained = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * As {@code nodetool drain}: stops serving clients and peers (the node leaves gossip, its
     * connections close), lets the statements under way finish, and flushes storage. The
     * process and its admin endpoint stay until {@link #close}. Does nothing the second time.
     */
    public synchronized void drain() {
        if (!drained.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Draining: closing client connections, then flushing storage");
        server.close();
        node.close();
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
        messaging.close();
        replicaWork.shutdown();
        try {
            if (!replicaWork.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                replicaWork.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            replicaWork.shutdownNow();
        }
        loginChecks.shutdownNow();
        storage.flush();
        LOG.info("Drained");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        admin.close();
        drain();
        storage.close();
        storageMaintenance.close();
        scheduler.close();
        LOG.info("Node stopped");
    }

    /** Names the request and replica threads and makes them daemons, so a failed start never pins the JVM. */
    @SuppressForbidden(reason = "the production wiring creates the request and replica threads")
    private static final class RequestThreads implements java.util.concurrent.ThreadFactory {
        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        private final String prefix;

        RequestThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
