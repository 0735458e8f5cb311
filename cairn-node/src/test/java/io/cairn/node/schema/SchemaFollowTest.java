package io.cairn.node.schema;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.parser.StatementParser;
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
 * A node's schema follows the cluster metadata log's: only forward by epoch (the log's listener
 * and a statement's own catch-up may call in any order), announcing each change once, with
 * storage and the {@code system_schema} rows (what a restart loads) made to match.
 */
class SchemaFollowTest {

    private final ManualClock clock = new ManualClock(1_750_000_000_000_000L);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final StatementParser parser = new StatementParser();
    /** Where the log's schemas are worked out (as a proposer would). */
    private final SchemaManager proposer = open(storage(), 1);
    private final KvStorageEngine storage = storage();
    private final SchemaManager follower = open(storage, 2);
    private final List<SchemaChange> announced = new ArrayList<>();

    SchemaFollowTest() {
        follower.addListener(announced::add);
    }

    private KvStorageEngine storage() {
        return new KvStorageEngine(new InMemoryKvStore(), clock, scheduler, StorageLimits.DEFAULTS, Duration.ZERO);
    }

    private SchemaManager open(KvStorageEngine engine, int seed) {
        SchemaManager schema = new SchemaManager(engine, clock, new SplittableRandom(seed), parser);
        schema.start();
        return schema;
    }

    /** The log's schema after {@code ddl}. */
    private Schema decide(String ddl) {
        clock.advance(Duration.ofMillis(1));
        proposer.apply(parser.parse(ddl).statement(), null);
        return proposer.userSchema();
    }

    @Test
    void epochsOnlyMoveForwardAndEachChangeIsAnnouncedOnce() {
        Schema one = decide("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        Schema two = decide("CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
        SchemaChange created = SchemaChange.table(SchemaChange.Change.CREATED, "ks", "t");

        follower.follow(two, 2, created);
        follower.follow(one, 1, null);   // a late listener of an older entry
        follower.follow(two, 2, created);   // the statement's own catch-up, after the listener

        assertThat(follower.followedEpoch()).isEqualTo(2);
        assertThat(follower.current().table("ks", "t")).isEqualTo(two.table("ks", "t"));
        assertThat(storage.tables()).contains(new TableId("ks", "t"));
        assertThat(announced).containsExactly(created);

        follower.follow(two, 3, null);   // an entry that does not change the schema (a Register)
        assertThat(follower.followedEpoch()).isEqualTo(3);
        assertThat(announced).hasSize(1);
    }

    @Test
    void aDroppedKeyspaceLeavesNoStorageAndARestartLoadsWhatWasFollowed() {
        follower.follow(decide("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 1}"), 1, null);
        follower.follow(decide("CREATE TABLE ks.t (k int PRIMARY KEY, v int)"), 2, null);
        follower.follow(decide("CREATE KEYSPACE other WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 1}"), 3, null);
        Schema last = decide("DROP KEYSPACE ks");
        follower.follow(last, 4, SchemaChange.keyspace(SchemaChange.Change.DROPPED, "ks"));

        assertThat(follower.current().keyspace("ks")).isNull();
        assertThat(storage.tables()).doesNotContain(new TableId("ks", "t"));
        assertThat(open(storage, 3).userSchema()).as("what a restart loads").isEqualTo(last);
        assertThat(follower.userSchema()).isEqualTo(last);
    }
}
