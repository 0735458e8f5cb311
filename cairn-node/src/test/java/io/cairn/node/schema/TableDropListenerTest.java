package io.cairn.node.schema;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.parser.StatementParser;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableId;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table-drop listeners hear of every table whose storage is dropped here: by a DROP run here,
 * by a DROP KEYSPACE, and by schema from another node, including a table that was dropped and
 * created again under its name while this node was away.
 */
class TableDropListenerTest {

    private static final TableId T = new TableId("ks", "t");

    private final ManualClock clock = new ManualClock(1_750_000_000_000_000L);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final StatementParser parser = new StatementParser();
    private final SchemaManager here = node(storage(), 1);
    private final KvStorageEngine awayStorage = storage();
    private final SchemaManager away = node(awayStorage, 2);
    private final List<TableId> droppedAway = new ArrayList<>();
    private final List<TableId> droppedHere = new ArrayList<>();

    private KvStorageEngine storage() {
        return new KvStorageEngine(new InMemoryKvStore(), clock, scheduler, StorageLimits.DEFAULTS, Duration.ZERO);
    }

    private SchemaManager node(KvStorageEngine storage, int seed) {
        SchemaManager schema = new SchemaManager(storage, clock, new SplittableRandom(seed), parser);
        schema.start();
        return schema;
    }

    private void run(SchemaManager schema, String ddl) {
        clock.advance(Duration.ofMillis(1));
        schema.apply(parser.parse(ddl).statement(), null);
    }

    /** The epoch of the log that {@link #sync} stands for. */
    private long epoch;

    /** {@code away} follows {@code here}'s schema, as it would an entry of the log. */
    private void sync() {
        away.follow(here.userSchema(), ++epoch, null);
    }

    TableDropListenerTest() {
        here.addTableDropListener(droppedHere::add);
        away.addTableDropListener(droppedAway::add);
        run(here, "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        run(here, "CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
        sync();
    }

    @Test
    void aDropRunHereOrReceivedIsHeard() {
        run(here, "DROP TABLE ks.t");
        sync();

        assertThat(droppedHere).containsExactly(T);
        assertThat(droppedAway).containsExactly(T);
    }

    @Test
    void aTableCreatedAgainWhileThisNodeWasAwayCountsAsDroppedAndStartsEmpty() {
        PartitionKey key = new PartitionKey(1, new byte[] {1});
        awayStorage.apply(T, PartitionUpdate.builder(key).row(Row.builder(Clustering.EMPTY)
                .cell(Cell.live("v", new byte[] {0, 0, 0, 7}, clock.currentTimeMicros())).build()).build());

        run(here, "DROP TABLE ks.t");
        run(here, "CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
        sync();

        assertThat(droppedAway).containsExactly(T);
        assertThat(away.current().table("ks", "t").id()).isEqualTo(here.current().table("ks", "t").id());
        assertThat(awayStorage.read(T, key, ReadFilter.all(0)).rows()).as("the old table's rows").isEmpty();

        sync();
        assertThat(droppedAway).as("the same table again is no drop").containsExactly(T);
    }

    @Test
    void aDroppedKeyspaceDropsEachOfItsTables() {
        run(here, "CREATE TABLE ks.u (k int PRIMARY KEY, v int)");
        run(here, "DROP KEYSPACE ks");

        assertThat(droppedHere).containsExactlyInAnyOrder(T, new TableId("ks", "u"));
    }
}
