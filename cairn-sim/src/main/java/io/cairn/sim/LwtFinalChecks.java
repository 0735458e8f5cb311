package io.cairn.sim;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks at the end of a run of lightweight transactions, once everything is healed: a
 * SERIAL read of every register and every unique-insert key used, then a QUORUM read of each
 * through another node (both recorded in the history, so the checkers judge them with the
 * rest), and the checkers' verdicts.
 */
final class LwtFinalChecks {

    private final SimCluster cluster;
    private final LwtWorkload workload;

    LwtFinalChecks(SimCluster cluster, LwtWorkload workload) {
        this.cluster = cluster;
        this.workload = workload;
    }

    /** The lightweight transactions' checkers' violations, after the final reads. */
    Map<String, List<String>> run(List<Checkers.Window> livenessWindows) {
        List<String> failures = new ArrayList<>();
        Map<String, Op> serial = finalReads(ConsistencyLevel.SERIAL, 0);
        Map<String, Op> quorum = finalReads(ConsistencyLevel.QUORUM, 1);
        Map<String, Long> serialValues = values(serial, failures);
        Map<String, Long> quorumValues = values(quorum, failures);
        History history = cluster.history;
        Map<String, List<String>> violations = new LinkedHashMap<>();
        violations.put("linearizability", LwtCheckers.linearizable(history));
        violations.put("unique inserts", LwtCheckers.uniqueInserts(history));
        violations.put("serial agrees with quorum", LwtCheckers.serialAgreesWithQuorum(serialValues, quorumValues));
        violations.put("liveness", Checkers.liveness(history, livenessWindows));
        violations.put("lwt liveness", LwtCheckers.liveness(history, livenessWindows));
        violations.put("lwt progress", LwtCheckers.progress(history));
        violations.put("final reads", failures);
        return violations;
    }

    /**
     * Reads every register and unique-insert key at {@code consistency}, all at once (they are
     * distinct partitions, so they do not contend), each through the node {@code shift} after
     * the key's own; waits a client timeout for them.
     */
    private Map<String, Op> finalReads(ConsistencyLevel consistency, int shift) {
        Map<String, Op> reads = new TreeMap<>();
        for (int key = 0; key < cluster.config.keys(); key++) {
            reads.put("k" + key, workload.read(-1, via(key + shift), Kind.LWT_READ, key, consistency, () -> { }));
        }
        for (int key : workload.uniqueKeys()) {
            reads.put("u" + key, workload.read(-1, via(key + shift), Kind.UNIQUE_READ, key, consistency, () -> { }));
        }
        cluster.loop.advance(CqlClient.CLIENT_TIMEOUT);
        return reads;
    }

    private SimNode via(int key) {
        return cluster.nodes.get(key % cluster.nodes.size());
    }

    /** What each read saw; a read that failed is a violation of its own (and its key is not compared). */
    private static Map<String, Long> values(Map<String, Op> reads, List<String> failures) {
        Map<String, Long> values = new TreeMap<>();
        reads.forEach((key, read) -> {
            if (read.outcome == Outcome.OK) {
                values.put(key, read.seen);
            } else {
                failures.add("the final " + read.consistency + " read of " + key + " failed: " + read);
            }
        });
        return values;
    }
}
