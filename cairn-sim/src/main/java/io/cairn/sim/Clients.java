package io.cairn.sim;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A run's simulated clients, whatever their workload: from {@link #start} until {@link #stop}
 * each client has one operation in flight at a time, sent to a node it can connect to, and sends
 * its next one a short pause after it has the last one's outcome. Meanwhile, in a run with
 * faults, a schema client creates, alters and drops extra tables ({@link SchemaChanges}).
 *
 * <p>Every choice is drawn from the workload's random source, in the order the virtual time
 * runs them, so that a seed replays exactly.
 */
final class Clients {

    /** What the clients send: a workload, which picks each operation. */
    interface Operations {

        /**
         * Sends client {@code clientId}'s next operation through {@code node}; {@code then} must
         * run once the client has its outcome (it schedules the client's next operation).
         */
        void sendNext(int clientId, SimNode node, Runnable then);
    }

    /** A client starts within this of {@link #start}... */
    private static final int MAX_START_DELAY_MILLIS = 100;
    /** ...and pauses up to this between an operation's outcome and its next operation. */
    private static final int MAX_PAUSE_MILLIS = 200;

    private final SimCluster cluster;
    private final SplittableRandom random;
    private final Operations operations;
    private final SchemaChanges schemaChanges;
    private boolean on;

    /** Clients that send {@code operations}, drawing their choices from {@code random} (shared with the workload). */
    Clients(SimCluster cluster, SplittableRandom random, Operations operations) {
        this.cluster = cluster;
        this.random = random;
        this.operations = operations;
        this.schemaChanges = new SchemaChanges(cluster, random.split());
    }

    void start() {
        on = true;
        for (int id = 0; id < cluster.config.clients(); id++) {
            int clientId = id;
            cluster.loop.schedule(Duration.ofMillis(random.nextInt(MAX_START_DELAY_MILLIS)), () -> next(clientId));
        }
        if (cluster.config.faults()) {
            schemaChanges.start();
        }
    }

    /** No client sends another operation; those in flight still complete. */
    void stop() {
        on = false;
        schemaChanges.stop();
    }

    private void next(int clientId) {
        if (!on) {
            return;
        }
        // A driver sends to nodes it is connected to: a crashed one refuses, so clients pick among the others.
        List<SimNode> up = cluster.nodes.stream().filter(SimNode::isServing).toList();
        Runnable then = () -> cluster.loop.schedule(Duration.ofMillis(random.nextInt(MAX_PAUSE_MILLIS)),
                () -> next(clientId));
        if (up.isEmpty()) {
            // Every node is down or still joining (the nemesis counts joining nodes): wait for one.
            then.run();
            return;
        }
        SimNode node = up.get(random.nextInt(up.size()));
        operations.sendNext(clientId, node, then);
    }
}
