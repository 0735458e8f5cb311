package io.cairn.node.ring;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.schema.KeyspaceMetadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable snapshot of the token ring: which node owns each token, and where each node
 * is. Replicas are placed as Cassandra's strategies place them, so that drivers' token-aware
 * routing (which computes the same) lands on a replica.
 */
public final class TokenRing {

    /** A node's placement. */
    public record Location(String dataCenter, String rack) {
    }

    private final NavigableMap<Long, NodeAddress> owners;
    private final Map<NodeAddress, Location> locations;
    /**
     * Replicas already worked out, by replication map and the ring token that owns the token
     * asked for (every token up to a ring token has that token's replicas). A ring never
     * changes, so neither do they; bounded by {@link #MAX_CACHED_PLACEMENTS}.
     */
    private final Map<CachedPlacement, List<NodeAddress>> placements = new java.util.concurrent.ConcurrentHashMap<>();

    /** The most placements a ring keeps worked out (replication maps times ring tokens); past it, it starts over. */
    static final int MAX_CACHED_PLACEMENTS = 1 << 16;

    private record CachedPlacement(Map<String, String> replication, long ownerToken) {
    }

    public TokenRing(Map<NodeAddress, List<Long>> tokens, Map<NodeAddress, Location> locations) {
        TreeMap<Long, NodeAddress> ring = new TreeMap<>();
        for (Map.Entry<NodeAddress, List<Long>> entry : tokens.entrySet()) {
            for (long token : entry.getValue()) {
                NodeAddress previous = ring.put(token, entry.getKey());
                if (previous != null && !previous.equals(entry.getKey())) {
                    throw new IllegalArgumentException("Token " + token + " is owned by both " + previous + " and "
                            + entry.getKey());
                }
            }
        }
        this.owners = ring;
        this.locations = Map.copyOf(locations);
    }

    public boolean isEmpty() {
        return owners.isEmpty();
    }

    public List<Long> tokens() {
        return new ArrayList<>(owners.keySet());
    }

    public Set<NodeAddress> nodes() {
        return new LinkedHashSet<>(owners.values());
    }

    public Location locationOf(NodeAddress node) {
        return locations.get(node);
    }

    /** Ring tokens from the first one at or after {@code token}, all the way round. */
    private List<NodeAddress> walkFrom(long token) {
        List<NodeAddress> walk = new ArrayList<>(owners.size());
        walk.addAll(owners.tailMap(token, true).values());
        walk.addAll(owners.headMap(token, false).values());
        return walk;
    }

    /**
     * The replicas of {@code token} for a keyspace's replication map: NetworkTopologyStrategy's
     * placement per data center, or SimpleStrategy's. The ring must not be empty.
     */
    public List<NodeAddress> replicasFor(KeyspaceMetadata keyspace, long token) {
        if (owners.isEmpty()) {
            throw new IllegalStateException("The ring is empty: no replica of token " + token);
        }
        Long owner = owners.ceilingKey(token);
        CachedPlacement key = new CachedPlacement(keyspace.replication(), owner != null ? owner : owners.firstKey());
        List<NodeAddress> cached = placements.get(key);
        if (cached == null) {
            cached = List.copyOf(place(keyspace, token));
            if (placements.size() >= MAX_CACHED_PLACEMENTS) {
                placements.clear();
            }
            placements.put(key, cached);
        }
        return new ArrayList<>(cached);
    }

    private List<NodeAddress> place(KeyspaceMetadata keyspace, long token) {
        Map<String, String> replication = keyspace.replication();
        if (replication.getOrDefault("class", "").endsWith("NetworkTopologyStrategy")) {
            Map<String, Integer> factors = new TreeMap<>();
            for (Map.Entry<String, String> entry : replication.entrySet()) {
                if (!entry.getKey().equals("class")) {
                    factors.put(entry.getKey(), Integer.parseInt(entry.getValue().trim()));
                }
            }
            return networkTopologyReplicas(token, factors);
        }
        return simpleReplicas(token, keyspace.replicationFactor(null));
    }

    /** SimpleStrategy: the first {@code replicationFactor} distinct nodes clockwise from the token. */
    public List<NodeAddress> simpleReplicas(long token, int replicationFactor) {
        LinkedHashSet<NodeAddress> replicas = new LinkedHashSet<>();
        for (NodeAddress node : walkFrom(token)) {
            if (replicas.size() >= replicationFactor) {
                break;
            }
            replicas.add(node);
        }
        return new ArrayList<>(replicas);
    }

    /**
     * NetworkTopologyStrategy, as Cassandra places replicas in each data center: walk
     * clockwise taking a node of each rack not used yet and skipping nodes of used racks; once
     * every rack is used, the skipped nodes come next (in the order skipped), then the walk
     * goes on taking nodes whatever their rack.
     */
    public List<NodeAddress> networkTopologyReplicas(long token, Map<String, Integer> factors) {
        List<NodeAddress> walk = walkFrom(token);
        LinkedHashSet<NodeAddress> replicas = new LinkedHashSet<>();
        for (Map.Entry<String, Integer> dc : factors.entrySet()) {
            Set<String> allRacks = new HashSet<>();
            Set<NodeAddress> dcNodes = new LinkedHashSet<>();
            for (NodeAddress node : walk) {
                Location location = locations.get(node);
                if (location != null && location.dataCenter().equals(dc.getKey())) {
                    allRacks.add(location.rack());
                    dcNodes.add(node);
                }
            }
            int wanted = Math.min(dc.getValue(), dcNodes.size());
            List<NodeAddress> taken = new ArrayList<>();
            List<NodeAddress> skipped = new ArrayList<>();
            Set<String> seenRacks = new HashSet<>();
            for (NodeAddress node : dcNodes) {
                if (taken.size() >= wanted) {
                    break;
                }
                if (seenRacks.size() == allRacks.size()) {
                    taken.add(node);
                    continue;
                }
                String rack = locations.get(node).rack();
                if (!seenRacks.add(rack)) {
                    skipped.add(node);
                    continue;
                }
                taken.add(node);
                if (seenRacks.size() == allRacks.size()) {
                    for (NodeAddress earlier : skipped) {
                        if (taken.size() >= wanted) {
                            break;
                        }
                        taken.add(earlier);
                    }
                }
            }
            replicas.addAll(taken);
        }
        return new ArrayList<>(replicas);
    }

    /** Each node's share of the token space it owns as primary (the shares sum to 1). */
    public Map<NodeAddress, Double> primaryOwnership() {
        Map<NodeAddress, Double> shares = new HashMap<>();
        if (owners.isEmpty()) {
            return shares;
        }
        double ringSize = Math.pow(2, 64);
        long previous = owners.lastKey();
        for (Map.Entry<Long, NodeAddress> entry : owners.entrySet()) {
            long difference = entry.getKey() - previous;
            double width = owners.size() == 1 ? ringSize
                    : difference >= 0 ? difference : difference + ringSize;
            shares.merge(entry.getValue(), width / ringSize, Double::sum);
            previous = entry.getKey();
        }
        return shares;
    }
}
