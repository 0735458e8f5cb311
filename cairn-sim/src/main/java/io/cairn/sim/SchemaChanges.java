package io.cairn.sim;

import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A client that changes the schema during the run, one statement at a time, each on a random
 * serving node: creates extra tables ({@code sim.extra_N}), adds columns to them and drops
 * them, never touching the workload's tables. Names are never reused, so no two nodes create
 * one table concurrently.
 */
final class SchemaChanges {

    /** At most this many extra tables exist at once. */
    private static final int MAX_EXTRA_TABLES = 3;

    private final SimCluster cluster;
    private final SplittableRandom random;
    private final ClientSession session = new ClientSession();
    /** The extra tables created and not dropped, as the schema client believes. */
    private final List<String> tables = new ArrayList<>();
    private int nextTable = 1;
    private int nextColumn = 1;
    private boolean on;

    SchemaChanges(SimCluster cluster, SplittableRandom random) {
        this.cluster = cluster;
        this.random = random;
    }

    void start() {
        on = true;
        cluster.loop.schedule(Duration.ofSeconds(10 + random.nextInt(30)), this::next);
    }

    void stop() {
        on = false;
    }

    private void next() {
        if (!on) {
            return;
        }
        List<SimNode> serving = cluster.nodes.stream().filter(SimNode::isServing).toList();
        if (serving.isEmpty()) {
            // Every node is down or still joining: the next change waits for one.
            cluster.loop.schedule(Duration.ofSeconds(20 + random.nextInt(40)), this::next);
            return;
        }
        SimNode node = serving.get(random.nextInt(serving.size()));
        String statement;
        int draw = random.nextInt(3);
        if (tables.isEmpty() || draw == 0 && tables.size() < MAX_EXTRA_TABLES) {
            String table = Simulation.KEYSPACE + ".extra_" + nextTable++;
            tables.add(table);
            statement = "CREATE TABLE " + table + " (k int PRIMARY KEY, v int)";
        } else if (draw == 1) {
            statement = "ALTER TABLE " + tables.get(random.nextInt(tables.size())) + " ADD c" + nextColumn++ + " int";
        } else {
            statement = "DROP TABLE " + tables.remove(random.nextInt(tables.size()));
        }
        cluster.trace("schema client: node " + (node.index + 1) + " runs " + statement);
        node.scheduler.schedule(Duration.ZERO, () -> node.queryProcessor()
                .execute(statement, QueryOptions.DEFAULT, session)
                .whenComplete((result, error) -> cluster.trace("schema client: " + statement + " on node "
                        + (node.index + 1) + (error == null ? " done" : " failed: " + error))));
        cluster.loop.schedule(Duration.ofSeconds(20 + random.nextInt(40)), this::next);
    }
}
