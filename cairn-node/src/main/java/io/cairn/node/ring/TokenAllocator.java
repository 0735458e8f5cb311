package io.cairn.node.ring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Chooses a new node's tokens so that ownership stays balanced: each new token is placed, among
 * candidate split points of the ranges the most-owning nodes hold, where it leaves the shares
 * of the ring most even (the smallest sum of squared shares, new node included). The first
 * node of a cluster takes evenly spaced tokens from a random offset.
 */
public final class TokenAllocator {

    private static final double RING = Math.pow(2, 64);
    private static final double[] SPLITS = {0.25, 1.0 / 3, 0.5, 2.0 / 3, 0.75};
    private static final String NEW_NODE = "\\u0000new";

    private TokenAllocator() {
    }

    /**
     * @param owners every existing token and the node that owns it (any stable name)
     * @return {@code count} tokens for the new node
     */
    public static List<Long> allocate(Map<Long, String> owners, int count, RandomGenerator random) {
        TreeMap<Long, String> ring = new TreeMap<>(owners);
        List<Long> chosen = new ArrayList<>(count);
        if (ring.isEmpty()) {
            long offset = random.nextLong();
            long step = Long.divideUnsigned(-1L, count);
            for (int i = 0; i < count; i++) {
                chosen.add(offset + step * i);
            }
            return chosen;
        }
        for (int i = 0; i < count; i++) {
            Long best = null;
            double bestMax = Double.MAX_VALUE;
            for (long candidate : candidates(ring, random)) {
                if (ring.containsKey(candidate)) {
                    continue;
                }
                ring.put(candidate, NEW_NODE);
                double max = unevenness(ring);
                ring.remove(candidate);
                if (max < bestMax) {
                    bestMax = max;
                    best = candidate;
                }
            }
            if (best == null) {
                break;
            }
            ring.put(best, NEW_NODE);
            chosen.add(best);
        }
        return chosen;
    }

    /**
     * Split points of every range owned by one of the nodes owning the most, each moved by a
     * small random amount: two nodes joining with the same view of the ring must not choose
     * the same tokens.
     */
    private static List<Long> candidates(TreeMap<Long, String> ring, RandomGenerator random) {
        Map<String, Double> shares = shares(ring);
        double max = shares.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        List<Long> candidates = new ArrayList<>();
        long previous = ring.lastKey();
        for (Map.Entry<Long, String> entry : ring.entrySet()) {
            if (shares.get(entry.getValue()) >= max * 0.98) {
                double width = width(previous, entry.getKey(), ring.size());
                for (double split : SPLITS) {
                    double jitter = (random.nextDouble() - 0.5) * 0.02;
                    candidates.add(previous + (long) (width * (split + jitter)));
                }
            }
            previous = entry.getKey();
        }
        return candidates;
    }

    private static double unevenness(TreeMap<Long, String> ring) {
        double sum = 0;
        for (double share : shares(ring).values()) {
            sum += share * share;
        }
        return sum;
    }

    private static Map<String, Double> shares(TreeMap<Long, String> ring) {
        Map<String, Double> shares = new HashMap<>();
        long previous = ring.lastKey();
        for (Map.Entry<Long, String> entry : ring.entrySet()) {
            shares.merge(entry.getValue(), width(previous, entry.getKey(), ring.size()) / RING, Double::sum);
            previous = entry.getKey();
        }
        return shares;
    }

    private static double width(long previous, long token, int tokens) {
        long difference = token - previous;
        return tokens == 1 ? RING : difference >= 0 ? difference : difference + RING;
    }
}
