package io.cairn.sim;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.ReadFilter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** A simulated node's crash: what survives depends on the commit log's sync mode. */
class SimNodeTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCrashLosesOnlyWhatTheCommitLogHadNotSynced(boolean periodicSync) {
        ManualClock time = new ManualClock(1_750_000_000_000_000L);
        VirtualScheduler loop = new VirtualScheduler(time);
        NodeAddress address = new NodeAddress("127.0.0.1", 7000);
        List<Throwable> errors = new ArrayList<>();
        SimConfig config = SimConfig.standard(1, Duration.ofMinutes(1)).withPeriodicSync(periodicSync);
        SimNode node = new SimNode(0, address, new SimClock(time, 0, 0), loop, errors::add, new InJvmNetwork(loop),
                List.of(address), List.of(0L), new SplittableRandom(1), config, address, true, null, event -> { });
        node.openStorage();
        StatementParser parser = new StatementParser();
        node.schema.apply(parser.parse("CREATE KEYSPACE sim WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 1}").statement(), null);
        node.schema.apply(parser.parse("CREATE TABLE sim.register (k int PRIMARY KEY, v bigint)").statement(), null);
        node.sync();
        node.start();

        write(node, 1, time);
        loop.advance(Duration.ofSeconds(12));   // the periodic sync ran at 10 s
        write(node, 2, time);
        loop.advance(Duration.ofSeconds(2));
        node.crash();
        loop.advance(Duration.ofSeconds(5));
        node.start();

        assertThat(read(node, 1, time)).isEqualTo(1L);
        assertThat(read(node, 2, time)).isEqualTo(periodicSync ? null : 2L);
        assertThat(errors).isEmpty();
    }

    /**
     * Paxos writes its promises, acceptances and commits synced: under periodic sync they go into
     * the node's durable image at once, so a crash right after keeps them (it would lose a plain
     * write made at the same moment).
     */
    @org.junit.jupiter.api.Test
    void aSyncedWriteSurvivesACrashUnderPeriodicSync() {
        ManualClock time = new ManualClock(1_750_000_000_000_000L);
        VirtualScheduler loop = new VirtualScheduler(time);
        NodeAddress address = new NodeAddress("127.0.0.1", 7000);
        List<Throwable> errors = new ArrayList<>();
        SimConfig config = SimConfig.standard(1, Duration.ofMinutes(1)).withPeriodicSync(true);
        SimNode node = new SimNode(0, address, new SimClock(time, 0, 0), loop, errors::add, new InJvmNetwork(loop),
                List.of(address), List.of(0L), new SplittableRandom(1), config, address, true, null, event -> { });
        node.openStorage();
        StatementParser parser = new StatementParser();
        node.schema.apply(parser.parse("CREATE KEYSPACE sim WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 1}").statement(), null);
        node.schema.apply(parser.parse("CREATE TABLE sim.register (k int PRIMARY KEY, v bigint)").statement(), null);
        node.sync();
        node.start();

        loop.advance(Duration.ofSeconds(12));   // the periodic sync ran at 10 s
        TableMetadata table = node.schema.current().table("sim", "register");
        node.storage.applySynced(table.tableId(), SchemaRows.row(table, Map.of("k", NativeType.INT.decompose(1),
                "v", NativeType.BIGINT.decompose(1L)), time.currentTimeMicros()));
        write(node, 2, time);
        loop.advance(Duration.ofSeconds(2));
        node.crash();
        loop.advance(Duration.ofSeconds(5));
        node.start();

        assertThat(read(node, 1, time)).as("synced").isEqualTo(1L);
        assertThat(read(node, 2, time)).as("not synced").isNull();
        assertThat(errors).isEmpty();
    }

    private static void write(SimNode node, int key, ManualClock time) {
        TableMetadata table = node.schema.current().table("sim", "register");
        node.storage.apply(table.tableId(), SchemaRows.row(table, Map.of("k", NativeType.INT.decompose(key),
                "v", NativeType.BIGINT.decompose((long) key)), time.currentTimeMicros()));
    }

    private static Long read(SimNode node, int key, ManualClock time) {
        TableMetadata table = node.schema.current().table("sim", "register");
        History.Version version = FinalChecks.version(node.storage.read(table.tableId(),
                FinalChecks.partitionKey(table, key), ReadFilter.all(time.currentTimeSeconds())));
        return version == null ? null : version.value();
    }
}
