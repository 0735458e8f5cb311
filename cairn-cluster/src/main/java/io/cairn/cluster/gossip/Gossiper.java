package io.cairn.cluster.gossip;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.common.wire.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;

/**
 * Membership by gossip, as Cassandra does it: every second this node bumps its heartbeat
 * and exchanges digests with a random live peer (and, now and then, with an unreachable one
 * and a seed); newer states flow both ways in three messages (SYN, ACK, ACK2). Heartbeats
 * feed the phi accrual failure detector, which decides who is up.
 *
 * <p>Everything arrives through the constructor: messaging, clock, scheduler, randomness.
 * State is guarded by this object's lock; listeners are called after it is released.
 */
public final class Gossiper {

    private static final Logger LOG = LoggerFactory.getLogger(Gossiper.class);

    public static final Duration INTERVAL = Duration.ofSeconds(1);

    private final NodeAddress self;
    private final MessagingService messaging;
    private final Clock clock;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final List<NodeAddress> seeds;
    private final PhiAccrualFailureDetector failureDetector;
    private final List<GossipListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<NodeAddress, EndpointState> states = new HashMap<>();
    private final Set<NodeAddress> live = new HashSet<>();
    /**
     * Nodes that left, with the newest generation heard of them or the time they were forgotten
     * (a generation is its process's start in seconds): gossip about them of that generation or
     * older (other nodes still spreading it) is ignored; a new process at the address (started
     * later) is heard again.
     */
    private final Map<NodeAddress, Integer> forgotten = new HashMap<>();
    /**
     * Host ids of nodes that left: gossip from a process of one of them (restarted with its data
     * after it was removed or replaced) is ignored at any address and generation. Bounded: the
     * oldest is dropped past {@link #MAX_LEFT_HOSTS}.
     */
    private final Set<String> leftHosts = new java.util.LinkedHashSet<>();
    /** How many host ids of nodes that left gossip keeps ignoring. */
    public static final int MAX_LEFT_HOSTS = 65_536;
    private int version;
    private long ignoredBeforeStart;
    private Scheduler.Cancellable rounds;
    private EndpointState rememberedSelf;

    public Gossiper(NodeAddress self, MessagingService messaging, Clock clock, Scheduler scheduler,
                    RandomGenerator random, List<NodeAddress> seeds, PhiAccrualFailureDetector failureDetector) {
        this.self = self;
        this.messaging = messaging;
        this.clock = clock;
        this.scheduler = scheduler;
        this.random = random;
        this.seeds = List.copyOf(seeds);
        this.failureDetector = failureDetector;
        messaging.registerHandler(Verb.GOSSIP_DIGEST_SYN, this::receive);
        messaging.registerHandler(Verb.GOSSIP_DIGEST_ACK, this::receive);
        messaging.registerHandler(Verb.GOSSIP_DIGEST_ACK2, this::receive);
    }

    public void addListener(GossipListener listener) {
        listeners.add(listener);
    }

    /**
     * Starts gossiping with this node's initial states, under a new generation (its clock's
     * seconds, so a restart always wins over what others remember of the old process).
     */
    public void start(Map<ApplicationState, String> initial) {
        synchronized (this) {
            int generation = (int) Math.max(clock.currentTimeSeconds(), 1);
            Map<ApplicationState, VersionedValue> values = new EnumMap<>(ApplicationState.class);
            for (Map.Entry<ApplicationState, String> entry : initial.entrySet()) {
                values.put(entry.getKey(), new VersionedValue(entry.getValue(), ++version));
            }
            states.put(self, new EndpointState(generation, ++version, values));
        }
        rounds = scheduler.scheduleWithFixedDelay(INTERVAL, INTERVAL, this::round);
        // Ask the seeds at once for everything they know, this address included: a digest of
        // generation 0 makes them send their view of it (what a previous process here owned).
        GossipDigestSyn askAll = new GossipDigestSyn(List.of(new GossipDigest(self, 0, 0)));
        for (NodeAddress seed : seeds) {
            if (!seed.equals(self)) {
                send(seed, askAll);
            }
        }
    }

    /** The failure detector's time: monotonic, so that a wall-clock step convicts nobody. */
    private long monotonicMicros() {
        return clock.nanoTime() / 1_000L;
    }

    /**
     * Before {@link #start}: what this node remembers of {@code node} from an earlier run (its
     * tokens, data center, rack, host id), so that a restarted node knows the ring at once
     * instead of after its first gossip rounds. Remembered nodes are down until heard from, and
     * anything gossip says of them replaces what is remembered (it has a real generation).
     */
    public synchronized void remember(NodeAddress node, Map<ApplicationState, String> remembered) {
        if (node.equals(self) || states.containsKey(node) || forgotten.containsKey(node)) {
            return;
        }
        Map<ApplicationState, VersionedValue> values = new EnumMap<>(ApplicationState.class);
        remembered.forEach((key, value) -> values.put(key, new VersionedValue(value, 0)));
        states.put(node, new EndpointState(0, 0, values));
    }

    /**
     * Ignores, from now on, every gossip state that names {@code hostId}: a node that left the
     * cluster, whose process, restarted with its data, must not be listed again. What gossip
     * holds now is left to {@link #forget}.
     */
    public synchronized void forgetHost(String hostId) {
        if (leftHosts.add(hostId) && leftHosts.size() > MAX_LEFT_HOSTS) {
            java.util.Iterator<String> oldest = leftHosts.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * Forgets {@code node}, which left the cluster: it is no longer gossiped with, listed or
     * watched, and listeners hear {@code onRemoved}. Gossip still spreading its current process
     * is ignored; a new process at its address is heard again.
     */
    public void forget(NodeAddress node) {
        EndpointState removed;
        synchronized (this) {
            if (node.equals(self)) {
                return;
            }
            removed = states.remove(node);
            live.remove(node);
            failureDetector.forget(node);
            // A process's generation is its start in seconds: one started before now is the one that left.
            int floor = (int) Math.max(removed == null ? 0 : removed.generation(), clock.currentTimeSeconds());
            forgotten.merge(node, floor, Math::max);
        }
        if (removed != null) {
            LOG.info("Node {} left the cluster: gossip forgets it", node);
            listeners.forEach(listener -> listener.onRemoved(node, removed));
        }
    }

    public void stop() {
        if (rounds != null) {
            rounds.cancel();
        }
    }

    /** Changes one of this node's application states; peers learn it within a few rounds. */
    public void setState(ApplicationState key, String value) {
        synchronized (this) {
            EndpointState mine = states.get(self);
            Map<ApplicationState, VersionedValue> values = new EnumMap<>(ApplicationState.class);
            values.putAll(mine.states());
            values.put(key, new VersionedValue(value, ++version));
            states.put(self, new EndpointState(mine.generation(), mine.heartbeat(), values));
        }
    }

    /**
     * Changes one of this node's application states if gossip has started (see {@link #start});
     * whether it had. A state set before then is left to the states gossip starts with.
     */
    public boolean setStateIfStarted(ApplicationState key, String value) {
        synchronized (this) {
            if (!states.containsKey(self)) {
                return false;
            }
            setState(key, value);
            return true;
        }
    }

    /**
     * Offers this node's digests to every live peer now rather than at the next rounds: each
     * asks for what it lacks, so a change of this node's own state (a new schema version) is
     * known to them after one exchange, not after a few seconds of rounds.
     */
    public void announce() {
        GossipDigestSyn syn;
        List<NodeAddress> peers;
        synchronized (this) {
            syn = new GossipDigestSyn(digests());
            peers = new ArrayList<>(live);
        }
        for (NodeAddress peer : peers) {
            send(peer, syn);
        }
    }

    /** A snapshot of every node's state this node knows, itself included. */
    public synchronized Map<NodeAddress, EndpointState> endpointStates() {
        return Map.copyOf(states);
    }

    /**
     * What other nodes remember of a previous process at this node's address (an older
     * generation), or null: a node that lost its data must not silently take that place.
     */
    public synchronized EndpointState rememberedSelf() {
        return rememberedSelf;
    }

    /**
     * Whether a seed has answered this node's gossip. Its answer to the request {@link #start}
     * sends carries the seed's whole view, including what it remembers of this address (then
     * {@link #rememberedSelf()}); a seed that had not started yet ignored that request, and later
     * rounds do not ask for it again.
     */
    public synchronized boolean hasHeardFromSeed() {
        return heardFromSeed;
    }

    private boolean heardFromSeed;
    private long malformedMessages;

    public synchronized boolean isAlive(NodeAddress node) {
        return node.equals(self) || live.contains(node);
    }

    public synchronized Set<NodeAddress> liveMembers() {
        Set<NodeAddress> members = new HashSet<>(live);
        members.add(self);
        return members;
    }

    private void round() {
        List<Runnable> events = new ArrayList<>();
        List<NodeAddress> targets = new ArrayList<>();
        GossipDigestSyn syn;
        synchronized (this) {
            EndpointState mine = states.get(self);
            states.put(self, new EndpointState(mine.generation(), ++version, mine.states()));
            syn = new GossipDigestSyn(digests());
            List<NodeAddress> livePeers = new ArrayList<>(live);
            List<NodeAddress> downPeers = new ArrayList<>();
            for (NodeAddress node : states.keySet()) {
                if (!node.equals(self) && !live.contains(node)) {
                    downPeers.add(node);
                }
            }
            NodeAddress chosen = pick(livePeers);
            if (chosen != null) {
                targets.add(chosen);
            }
            if (!downPeers.isEmpty() && random.nextDouble() < (double) downPeers.size() / (livePeers.size() + 1)) {
                targets.add(pick(downPeers));
            }
            List<NodeAddress> otherSeeds = new ArrayList<>(seeds);
            otherSeeds.remove(self);
            if (!otherSeeds.isEmpty() && (chosen == null || !seeds.contains(chosen) || livePeers.size() < seeds.size())) {
                NodeAddress seed = pick(otherSeeds);
                if (!targets.contains(seed)) {
                    targets.add(seed);
                }
            }
            checkFailures(events);
        }
        for (NodeAddress target : targets) {
            send(target, syn);
        }
        events.forEach(Runnable::run);
    }

    private NodeAddress pick(List<NodeAddress> nodes) {
        return nodes.isEmpty() ? null : nodes.get(random.nextInt(nodes.size()));
    }

    private List<GossipDigest> digests() {
        List<GossipDigest> digests = new ArrayList<>(states.size());
        for (Map.Entry<NodeAddress, EndpointState> entry : states.entrySet()) {
            digests.add(new GossipDigest(entry.getKey(), entry.getValue().generation(),
                    entry.getValue().maxVersion()));
        }
        return digests;
    }

    private void checkFailures(List<Runnable> events) {
        long now = monotonicMicros();
        for (Map.Entry<NodeAddress, EndpointState> entry : states.entrySet()) {
            NodeAddress node = entry.getKey();
            if (node.equals(self)) {
                continue;
            }
            boolean alive = failureDetector.isAlive(node, now);
            EndpointState state = entry.getValue();
            if (alive && live.add(node)) {
                LOG.info("Node {} is now UP", node);
                events.add(() -> listeners.forEach(l -> l.onAlive(node, state)));
            } else if (!alive && live.remove(node)) {
                LOG.info("Node {} is now DOWN", node);
                events.add(() -> listeners.forEach(l -> l.onDead(node, state)));
            }
        }
    }

    private void send(NodeAddress to, GossipMessage message) {
        messaging.sendOneWay(to, message.verb(), message.serialize());
    }

    /**
     * Decodes a gossip message and acts on it. A malformed one (truncated, corrupt, another
     * version) is logged and ignored: gossip goes on with the next exchange.
     */
    private void receive(Message message) {
        synchronized (this) {
            if (!states.containsKey(self)) {
                // Not started: the node around this gossiper is still being built, and listeners
                // registered after now would never hear of what this message teaches (as
                // Cassandra, gossip is ignored until it is enabled). The sender tries again.
                ignoredBeforeStart++;
                return;
            }
        }
        GossipMessage decoded;
        try {
            decoded = GossipMessage.deserialize(message.verb(), message.payload());
        } catch (MalformedMessageException e) {
            synchronized (this) {
                malformedMessages++;
            }
            LOG.warn("Ignoring a gossip {} from {}: {}", message.verb(), message.from(), e.getMessage());
            return;
        }
        if (decoded instanceof GossipDigestSyn syn) {
            onSyn(message.from(), syn);
        } else if (decoded instanceof GossipDigestAck ack) {
            onAck(message.from(), ack);
        } else if (decoded instanceof GossipDigestAck2 ack2) {
            apply(ack2.states());
        }
    }

    /** How many gossip messages arrived before {@link #start} and were ignored. */
    public synchronized long ignoredBeforeStart() {
        return ignoredBeforeStart;
    }

    /** How many malformed gossip messages this node received and ignored. */
    public synchronized long malformedMessages() {
        return malformedMessages;
    }

    private void onSyn(NodeAddress from, GossipDigestSyn syn) {
        GossipDigestAck ack;
        synchronized (this) {
            Map<NodeAddress, EndpointState> newer = new HashMap<>();
            List<GossipDigest> wanted = new ArrayList<>();
            Set<NodeAddress> mentioned = new HashSet<>();
            for (GossipDigest digest : syn.digests()) {
                mentioned.add(digest.node());
                EndpointState mine = states.get(digest.node());
                if (mine == null || digest.generation() > mine.generation()) {
                    wanted.add(new GossipDigest(digest.node(), 0, 0));
                } else if (digest.generation() < mine.generation()) {
                    newer.put(digest.node(), mine);
                } else if (mine.maxVersion() > digest.maxVersion()) {
                    newer.put(digest.node(), mine.newerThan(digest.maxVersion()));
                } else if (mine.maxVersion() < digest.maxVersion()) {
                    wanted.add(new GossipDigest(digest.node(), mine.generation(), mine.maxVersion()));
                }
            }
            for (Map.Entry<NodeAddress, EndpointState> entry : states.entrySet()) {
                if (!mentioned.contains(entry.getKey())) {
                    newer.put(entry.getKey(), entry.getValue());
                }
            }
            ack = new GossipDigestAck(newer, wanted);
        }
        send(from, ack);
    }

    private void onAck(NodeAddress from, GossipDigestAck ack) {
        apply(ack.states());
        if (seeds.contains(from)) {
            synchronized (this) {
                heardFromSeed = true;
            }
        }
        GossipDigestAck2 ack2;
        synchronized (this) {
            Map<NodeAddress, EndpointState> requested = new HashMap<>();
            for (GossipDigest digest : ack.wanted()) {
                EndpointState mine = states.get(digest.node());
                if (mine != null) {
                    requested.put(digest.node(), mine.generation() > digest.generation() ? mine
                            : mine.newerThan(digest.maxVersion()));
                }
            }
            ack2 = new GossipDigestAck2(requested);
        }
        send(from, ack2);
    }

    /** Merges states learnt from a peer; newer heartbeats count as hearing from their node. */
    private void apply(Map<NodeAddress, EndpointState> received) {
        List<Runnable> events = new ArrayList<>();
        synchronized (this) {
            long now = monotonicMicros();
            for (Map.Entry<NodeAddress, EndpointState> entry : received.entrySet()) {
                NodeAddress node = entry.getKey();
                if (node.equals(self)) {
                    // A delta of an older process here could lack its tokens: only whole states count.
                    EndpointState own = states.get(self);
                    if (own != null && entry.getValue().generation() < own.generation()
                            && !entry.getValue().partial()) {
                        rememberedSelf = rememberedSelf == null ? entry.getValue() : rememberedSelf.merge(entry.getValue());
                    }
                    continue;
                }
                EndpointState incoming = entry.getValue();
                String host = incoming.get(ApplicationState.HOST_ID);
                if (host != null && leftHosts.contains(host)) {
                    continue;
                }
                Integer left = forgotten.get(node);
                if (left != null) {
                    if (incoming.generation() <= left) {
                        continue;
                    }
                    forgotten.remove(node);
                }
                EndpointState known = states.get(node);
                if (known == null || incoming.generation() > known.generation()) {
                    if (incoming.partial()) {
                        // A delta for a view this node does not have (its previous process's, say,
                        // crossing a restart): taken as whole, it would lack the node's older
                        // states, tokens included, for good. The next exchange sends them all.
                        continue;
                    }
                    states.put(node, incoming);
                    failureDetector.forget(node);
                    if (incoming.generation() > 0) {
                        // Generation 0 is what some node remembers, not news from the node itself.
                        failureDetector.report(node, now);
                    }
                    live.remove(node);
                    events.add(() -> listeners.forEach(l -> l.onJoin(node, incoming)));
                    continue;
                }
                if (incoming.generation() < known.generation()) {
                    continue;
                }
                EndpointState merged = known.merge(incoming);
                if (merged.heartbeat() > known.heartbeat()) {
                    failureDetector.report(node, now);
                }
                if (!merged.states().equals(known.states())) {
                    events.add(() -> listeners.forEach(l -> l.onChange(node, merged)));
                }
                states.put(node, merged);
            }
            checkFailures(events);
        }
        events.forEach(Runnable::run);
    }
}
