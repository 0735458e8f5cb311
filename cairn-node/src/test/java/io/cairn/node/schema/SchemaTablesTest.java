package io.cairn.node.schema;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.UserType;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema's row form is a pure function both ways, and it is the form storage holds: the
 * rows {@link SchemaTables#rowsOf} makes are the rows a node writes and reads back, and the
 * keyspaces {@link SchemaTables#keyspacesOf} makes of them are the ones a restart loads.
 */
class SchemaTablesTest {

    private final ManualClock clock = new ManualClock(1_750_000_000_000_000L);
    private final KvStorageEngine storage = new KvStorageEngine(new InMemoryKvStore(), clock,
            new VirtualScheduler(clock), StorageLimits.DEFAULTS, Duration.ZERO);
    private final StatementParser parser = new StatementParser();
    private final SchemaManager manager = new SchemaManager(storage, clock, new SplittableRandom(3), parser);

    SchemaTablesTest() {
        manager.start();
        for (String ddl : List.of(
                "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}",
                "CREATE TYPE ks.point (x double, y double)",
                "CREATE TYPE ks.shape (name text, points frozen<list<frozen<point>>>)",
                "CREATE TABLE ks.t (k int, c text, s text static, v map<text, frozen<shape>>, w set<int>,"
                        + " PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC) AND comment = 'x'"
                        + " AND gc_grace_seconds = 10",
                "ALTER TABLE ks.t DROP w",
                "ALTER TABLE ks.t DROP s")) {
            clock.advance(Duration.ofMillis(5));
            manager.apply(parser.parse(ddl).statement(), null);
        }
    }

    @Test
    void everyKeyspaceReadsBackFromItsRowsAsItIs() {
        for (KeyspaceMetadata keyspace : manager.current().keyspaces().values()) {
            assertThat(SchemaTables.keyspacesOf(SchemaTables.rowsOf(keyspace))).as(keyspace.name())
                    .containsExactly(keyspace);
        }
    }

    @Test
    void theRowsAreTheOnesStorageHoldsAndARestartLoadsTheSameKeyspaces() {
        Schema schema = manager.current();
        for (String table : SchemaTables.KEYSPACE_TABLES) {
            List<Map<String, ByteBuffer>> expected = new ArrayList<>();
            for (KeyspaceMetadata keyspace : schema.keyspaces().values()) {
                expected.addAll(SchemaTables.rowsOf(keyspace).get(table));
            }
            List<Map<String, ByteBuffer>> stored = SchemaRows.readAll(storage,
                    schema.table(SystemKeyspaces.SYSTEM_SCHEMA, table), clock.currentTimeSeconds());
            assertThat(new HashSet<>(stored)).as(table).isEqualTo(new HashSet<>(expected));
            assertThat(stored).as(table).hasSameSizeAs(expected);
        }
        assertThat(SchemaTables.load(storage, schema, clock.currentTimeSeconds()))
                .containsExactlyInAnyOrderElementsOf(schema.keyspaces().values());
    }

    @Test
    void typesLoadAfterTheTypesTheyUseWhateverTheirNames() {
        KeyspaceMetadata chained = chain(300);

        assertThat(SchemaTables.keyspacesOf(SchemaTables.rowsOf(chained))).containsExactly(chained);
    }

    @Test
    void aTypeThatUsesAMissingTypeIsLeftOutAsAtStartUp() {
        Map<String, List<Map<String, ByteBuffer>>> rows = SchemaTables.rowsOf(chain(10));
        rows.get("types").removeIf(row -> SchemaRows.text(row.get("type_name")).equals("t5"));

        KeyspaceMetadata loaded = SchemaTables.keyspacesOf(rows).get(0);

        assertThat(loaded.types().keySet()).containsExactly("t6", "t7", "t8", "t9");
    }

    /** Types t0..t(n-1), each but the last using the next: names in the opposite order of their use. */
    static KeyspaceMetadata chain(int types) {
        KeyspaceMetadata keyspace = new KeyspaceMetadata("chain", true, Map.of("class", "SimpleStrategy"), Map.of(),
                Map.of());
        UserType next = new UserType("chain", "t" + (types - 1), List.of("x"), List.of(NativeType.INT), false);
        keyspace = keyspace.withType(next);
        for (int i = types - 2; i >= 0; i--) {
            next = new UserType("chain", "t" + i, List.of("x"), List.of(next.freeze()), false);
            keyspace = keyspace.withType(next);
        }
        return keyspace;
    }
}
