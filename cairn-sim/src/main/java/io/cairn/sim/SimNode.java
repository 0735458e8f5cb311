package io.cairn.sim;

import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.cluster.gossip.EndpointState;
import io.cairn.cluster.gossip.GossipListener;
import io.cairn.cluster.gossip.Gossiper;
import io.cairn.cluster.gossip.PhiAccrualFailureDetector;
import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.bootstrap.Bootstrap;
import io.cairn.node.coordinator.BatchlogSupport;
import io.cairn.node.coordinator.ClusterDataCoordinator;
import io.cairn.node.coordinator.HintedHandoff;
import io.cairn.node.ring.GossipTopology;
import io.cairn.node.hints.HintReplayer;
import io.cairn.node.hints.HintStore;
import io.cairn.node.replica.ReplicaHandlers;
import io.cairn.node.replica.ReplicaStage;
import io.cairn.node.ring.Topology;
import io.cairn.node.system.TruncationRecords;
import io.cairn.common.time.TimeUuids;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.system.PeersTables;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One simulated node: the same components a Cairn process wires (storage on the in-memory
 * engine, schema, messaging on the in-JVM network, gossip and the failure detector, the
 * coordinator, replica handlers, hints), on this node's clock and scheduler. A crash drops
 * the process (its timers, its connections, what its commit log had not synced); a restart
 * builds a new one on the data that survived.
 */
final class SimNode {

    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    static final Duration HINT_REPLAY_INTERVAL = Duration.ofSeconds(10);
    static final Duration COMMIT_LOG_SYNC_PERIOD = Duration.ofSeconds(10);

    final int index;
    final NodeAddress address;
    final SimClock clock;
    final NodeScheduler scheduler;
    private final InJvmNetwork network;
    private final List<NodeAddress> seeds;
    private final List<Long> tokens;
    private final UUID hostId;
    private final RandomGenerator random;
    private final SimConfig config;
    private final NodeAddress next;
    /** Whether this node has joined the ring (received its data); survives crashes, as system.local keeps it. */
    private boolean bootstrapped;
    private final Consumer<String> events;
    private InMemoryKvStore store = new InMemoryKvStore();
    private InMemoryKvStore durable = store.copy();

    private boolean isUp;
    KvStorageEngine storage;
    SchemaManager schema;
    MessagingService messaging;
    Gossiper gossiper;
    Topology topology;
    ClusterDataCoordinator coordinator;

    SimNode(int index, NodeAddress address, SimClock clock, VirtualScheduler loop, Consumer<Throwable> onError,
            InJvmNetwork network, List<NodeAddress> seeds, List<Long> tokens, RandomGenerator random,
            SimConfig config, NodeAddress next, boolean bootstrapped, Consumer<String> events) {
        this.index = index;
        this.address = address;
        this.clock = clock;
        this.scheduler = new NodeScheduler(loop, onError);
        this.network = network;
        this.seeds = seeds;
        this.tokens = tokens;
        this.random = random;
        this.config = config;
        this.next = next;
        this.bootstrapped = bootstrapped;
        this.events = events;
        this.hostId = new UUID(random.nextLong(), random.nextLong());
    }

    boolean isUp() {
        return isUp;
    }

    /** Up and joined: what clients may connect to (a joining node serves no client yet). */
    boolean isServing() {
        return isUp && bootstrapped;
    }

    boolean isBootstrapped() {
        return bootstrapped;
    }

    /** Opens storage and schema only (to load the schema before the node first starts). */
    void openStorage() {
        storage = new KvStorageEngine(store, clock, scheduler, StorageLimits.DEFAULTS, Duration.ZERO);
        schema = new SchemaManager(storage, clock, random, new StatementParser());
        schema.start();
    }

    /** Starts the node's process on what its storage holds. */
    void start() {
        scheduler.newIncarnation();
        openStorage();
        messaging = planted(network.join(address, scheduler));
        gossiper = new Gossiper(address, messaging, clock, scheduler, random, seeds,
                new PhiAccrualFailureDetector(PhiAccrualFailureDetector.DEFAULT_THRESHOLD));
        GossipTopology gossipTopology = new GossipTopology(address, gossiper, schema);
        gossiper.addListener(gossipTopology);
        schema.useDataCenters(gossipTopology::dataCenters);
        topology = config.plant() == Plant.FALSE_DOWN ? falselyDown(gossipTopology, next) : gossipTopology;
        TruncationRecords truncations = new TruncationRecords(storage, schema, clock);
        new ReplicaHandlers(storage, messaging, truncations, ReplicaStage.onCallingThread()).register();
        HintStore hintStore = new HintStore(storage, schema);
        HintReplayer replayer = new HintReplayer(hintStore, truncations, messaging, topology, clock, scheduler, WRITE_TIMEOUT);
        coordinator = new ClusterDataCoordinator(storage, truncations, messaging, topology, clock, scheduler,
                WRITE_TIMEOUT, READ_TIMEOUT, new HintedHandoff.Enabled(hintStore, replayer, new TimeUuids(random),
                        config.hintedHandoff()), BatchlogSupport.DISABLED);
        hintStore.targets(clock.currentTimeSeconds()).forEach(replayer::remember);
        replayer.start(HINT_REPLAY_INTERVAL);
        gossiper.addListener(new GossipListener() {
            @Override
            public void onAlive(NodeAddress node, EndpointState state) {
                replayer.replay();
            }
        });
        if (config.periodicSync()) {
            scheduler.scheduleWithFixedDelay(COMMIT_LOG_SYNC_PERIOD, COMMIT_LOG_SYNC_PERIOD,
                    () -> durable = store.copy());
        }
        StringBuilder tokenList = new StringBuilder();
        for (long token : tokens) {
            tokenList.append(tokenList.length() == 0 ? "" : ",").append(token);
        }
        Map<ApplicationState, String> states = new EnumMap<>(ApplicationState.class);
        states.put(ApplicationState.DATA_CENTER, "datacenter1");
        states.put(ApplicationState.RACK, "rack1");
        states.put(ApplicationState.HOST_ID, hostId.toString());
        states.put(ApplicationState.TOKENS, tokenList.toString());
        states.put(ApplicationState.SCHEMA_VERSION, schema.current().version().toString());
        states.put(ApplicationState.STATUS, bootstrapped ? "NORMAL" : GossipTopology.JOINING);
        states.put(ApplicationState.NATIVE_ADDRESS, address.host() + ":9042");
        gossiper.addListener(new PeersTables(storage, schema, clock, address));
        PeersTables.remembered(storage, schema.current(), clock.currentTimeSeconds()).forEach(gossiper::remember);
        gossiper.start(states);
        gossipTopology.refresh();
        isUp = true;
        if (!bootstrapped) {
            // As a Cairn process does: announce the tokens as JOINING, give gossip time to make
            // this node pending everywhere, then copy the data of its future ranges.
            Gossiper joiningGossip = gossiper;
            scheduler.schedule(Duration.ZERO, () -> awaitRing(joiningGossip, gossipTopology));
        }
    }

    static final Duration PENDING_DELAY = Duration.ofSeconds(4);
    static final Duration JOIN_RETRY = Duration.ofSeconds(10);

    /** As a Cairn process does, a joining node first hears the ring from a seed. */
    private void awaitRing(Gossiper joiningGossip, GossipTopology gossipTopology) {
        if (!joiningGossip.hasHeardFromSeed() || gossipTopology.ringTokens().isEmpty()) {
            scheduler.schedule(Duration.ofSeconds(1), () -> awaitRing(joiningGossip, gossipTopology));
            return;
        }
        scheduler.schedule(PENDING_DELAY, () -> join(joiningGossip, gossipTopology));
    }

    /** Hears, once this node has joined, when it began copying (virtual microseconds). */
    void onJoined(Consumer<Long> listener) {
        this.joinedListener = listener;
    }

    private Consumer<Long> joinedListener = started -> { };

    private void join(Gossiper joiningGossip, GossipTopology gossipTopology) {
        events.accept("node " + (index + 1) + " copies the data of its ranges");
        long started = clock.nanoTime() / 1_000L;
        new Bootstrap(storage, messaging, schema, gossipTopology, READ_TIMEOUT).runAsync()
                .whenComplete((received, error) -> {
                    if (error != null) {
                        // A real node exits and its operator starts it again.
                        events.accept("node " + (index + 1) + " could not join: " + error.getMessage());
                        scheduler.schedule(JOIN_RETRY, () -> awaitRing(joiningGossip, gossipTopology));
                        return;
                    }
                    bootstrapped = true;
                    joiningGossip.setState(ApplicationState.STATUS, "NORMAL");
                    gossipTopology.refresh();
                    events.accept("node " + (index + 1) + " joined the ring (" + received + " partitions received)");
                    joinedListener.accept(started);
                });
    }

    /**
     * Kills the process: its timers and in-flight work vanish, its connections close; under
     * periodic sync its storage falls back to what the commit log last synced.
     */
    void crash() {
        isUp = false;
        scheduler.newIncarnation();
        messaging.close();
        if (config.periodicSync()) {
            store = durable.copy();
        }
    }

    /** Makes what storage holds durable now (after the schema is written, before the run). */
    void sync() {
        durable = store.copy();
    }

    private static Topology falselyDown(Topology real, NodeAddress victim) {
        return new Topology() {
            @Override
            public NodeAddress self() {
                return real.self();
            }

            @Override
            public List<NodeAddress> replicasFor(String keyspace, long token) {
                return real.replicasFor(keyspace, token);
            }

            @Override
            public String dataCenterOf(NodeAddress node) {
                return real.dataCenterOf(node);
            }

            @Override
            public int replicationFactor(String keyspace, String dataCenter) {
                return real.replicationFactor(keyspace, dataCenter);
            }

            @Override
            public boolean isAlive(NodeAddress node) {
                return !node.equals(victim) && real.isAlive(node);
            }

            @Override
            public List<NodeAddress> pendingFor(String keyspace, long token) {
                return real.pendingFor(keyspace, token);
            }

            @Override
            public List<Long> ringTokens() {
                return real.ringTokens();
            }
        };
    }

    /** The node's messaging, with the planted replica fault when there is one. */
    private MessagingService planted(MessagingService real) {
        Set<Verb> faulty = switch (config.plant()) {
            case SKIP_READ_REPAIR -> Set.of(Verb.READ_REPAIR);
            case ACK_WITHOUT_APPLY -> Set.of(Verb.MUTATION, Verb.HINT);
            default -> Set.of();
        };
        if (faulty.isEmpty()) {
            return real;
        }
        return new MessagingService() {
            @Override
            public NodeAddress localAddress() {
                return real.localAddress();
            }

            @Override
            public void registerHandler(Verb verb, MessageHandler handler) {
                real.registerHandler(verb, faulty.contains(verb) ? message -> real.respond(message, new byte[0]) : handler);
            }

            @Override
            public void sendOneWay(NodeAddress to, Verb verb, byte[] payload) {
                real.sendOneWay(to, verb, payload);
            }

            @Override
            public void sendRequest(NodeAddress to, Verb verb, byte[] payload, Duration timeout,
                                    ResponseCallback callback) {
                real.sendRequest(to, verb, payload, timeout, callback);
            }

            @Override
            public void respond(Message request, byte[] payload) {
                real.respond(request, payload);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
