package io.cairn.node.ring;

import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.cluster.gossip.EndpointState;
import io.cairn.cluster.gossip.GossipListener;
import io.cairn.cluster.gossip.Gossiper;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SystemKeyspaces;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster as gossip describes it: each node's tokens, data center and rack form the
 * {@link TokenRing} (rebuilt when gossip learns of a change), keyspaces' replication maps
 * place replicas, and the failure detector says who is alive.
 */
public final class GossipTopology implements Topology, GossipListener {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GossipTopology.class);

    private final NodeAddress self;
    private final Gossiper gossiper;
    private final SchemaManager schema;
    private volatile TokenRing ring = new TokenRing(Map.of(), Map.of());
    /** Where each node with tokens is (data center and rack), joining nodes included. */
    private volatile Map<NodeAddress, TokenRing.Location> locations = Map.of();
    /**
     * For each joining node, the ring once it alone has joined. Each joining node receives (and
     * is sent the writes of) the ranges it will hold in that ring: joins complete in any order,
     * and a node that joins first must not lack what another joining node would have taken.
     */
    private volatile Map<NodeAddress, TokenRing> joinRings = Map.of();

    public GossipTopology(NodeAddress self, Gossiper gossiper, SchemaManager schema) {
        this.self = self;
        this.gossiper = gossiper;
        this.schema = schema;
    }

    /** Rebuilds the ring from what gossip knows now. */
    public void refresh() {
        Map<NodeAddress, List<Long>> tokens = new HashMap<>();
        Map<NodeAddress, List<Long>> joining = new HashMap<>();
        Map<NodeAddress, TokenRing.Location> locations = new HashMap<>();
        java.util.Set<Long> taken = new java.util.HashSet<>();
        for (Map.Entry<NodeAddress, EndpointState> entry : new TreeMap<>(gossiper.endpointStates()).entrySet()) {
            EndpointState state = entry.getValue();
            String tokenList = state.get(ApplicationState.TOKENS);
            if (tokenList == null) {
                continue;
            }
            List<Long> owned = new ArrayList<>();
            for (String token : tokenList.split(",")) {
                if (token.isBlank()) {
                    continue;
                }
                long value = Long.parseLong(token.trim());
                // Two nodes claiming one token: the lower address keeps it, the same on every node.
                if (taken.add(value)) {
                    owned.add(value);
                } else {
                    LOG.warn("Token {} is claimed by more than one node; {} does not get it", value, entry.getKey());
                }
            }
            (JOINING.equals(state.get(ApplicationState.STATUS)) ? joining : tokens).put(entry.getKey(), owned);
            locations.put(entry.getKey(), new TokenRing.Location(
                    orDefault(state.get(ApplicationState.DATA_CENTER), "datacenter1"),
                    orDefault(state.get(ApplicationState.RACK), "rack1")));
        }
        TokenRing normal = new TokenRing(tokens, locations);
        Map<NodeAddress, TokenRing> eachJoin = new TreeMap<>();
        joining.forEach((node, owned) -> {
            Map<NodeAddress, List<Long>> withIt = new HashMap<>(tokens);
            withIt.put(node, owned);
            eachJoin.put(node, new TokenRing(withIt, locations));
        });
        this.locations = Map.copyOf(locations);
        joinRings = eachJoin;
        ring = normal;
    }

    /** The gossip STATUS of a node that has chosen its tokens and is receiving its data. */
    public static final String JOINING = "JOINING";

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    @Override
    public void onJoin(NodeAddress node, EndpointState state) {
        refresh();
    }

    @Override
    public void onChange(NodeAddress node, EndpointState state) {
        refresh();
    }

    @Override
    public NodeAddress self() {
        return self;
    }

    @Override
    public List<NodeAddress> replicasFor(String keyspace, long token) {
        return replicasFor(ring, keyspace, token);
    }

    /**
     * Live joining nodes that will be replicas of {@code token} once they have joined: writes
     * go to them too, so that nothing written while they receive their data is missing after.
     */
    @Override
    public List<NodeAddress> pendingFor(String keyspace, long token) {
        Map<NodeAddress, TokenRing> joins = joinRings;
        if (joins.isEmpty()) {
            return List.of();
        }
        List<NodeAddress> now = replicasFor(ring, keyspace, token);
        List<NodeAddress> pending = new ArrayList<>();
        joins.forEach((node, withIt) -> {
            if (!now.contains(node) && (node.equals(self) || gossiper.isAlive(node))
                    && replicasFor(withIt, keyspace, token).contains(node)) {
                pending.add(node);
            }
        });
        return pending;
    }

    /** The replicas of {@code token} once this (joining) node has joined. */
    public List<NodeAddress> replicasOnceJoined(String keyspace, long token) {
        TokenRing withSelf = joinRings.get(self);
        return replicasFor(withSelf == null ? ring : withSelf, keyspace, token);
    }

    /** Every token of the ring once this (joining) node is in it, sorted: where its ranges begin and end. */
    public List<Long> futureRingTokens() {
        TokenRing withSelf = joinRings.get(self);
        return (withSelf == null ? ring : withSelf).tokens();
    }

    private List<NodeAddress> replicasFor(TokenRing current, String keyspace, long token) {
        KeyspaceMetadata metadata = schema.current().keyspace(keyspace);
        if (metadata == null || SystemKeyspaces.isLocal(keyspace) || current.isEmpty()) {
            return List.of(self);
        }
        return current.replicasFor(metadata, token);
    }

    @Override
    public List<Long> ringTokens() {
        return ring.tokens();
    }

    /** The data centers of the nodes in the ring, this one's included. */
    public java.util.Set<String> dataCenters() {
        java.util.Set<String> dataCenters = new java.util.TreeSet<>();
        for (TokenRing.Location location : locations.values()) {
            dataCenters.add(location.dataCenter());
        }
        dataCenters.add(dataCenterOf(self));
        return dataCenters;
    }

    @Override
    public List<NodeAddress> members() {
        java.util.Set<NodeAddress> members = new java.util.TreeSet<>(locations.keySet());
        members.add(self);
        return List.copyOf(members);
    }

    @Override
    public String dataCenterOf(NodeAddress node) {
        TokenRing.Location location = locations.get(node);
        return location == null ? "datacenter1" : location.dataCenter();
    }

    @Override
    public boolean isAlive(NodeAddress node) {
        return gossiper.isAlive(node);
    }

    @Override
    public int replicationFactor(String keyspace, String dataCenter) {
        KeyspaceMetadata metadata = schema.current().keyspace(keyspace);
        if (metadata == null || SystemKeyspaces.isLocal(keyspace)) {
            return 1;
        }
        return metadata.replicationFactor(dataCenter);
    }

    /** Each node's share of the ring, as {@code cairn admin status} shows it. */
    public Map<NodeAddress, Double> ownership() {
        return ring.primaryOwnership();
    }
}
