package io.cairn.tools.bench;

import io.cairn.common.time.SystemClock;
import io.cairn.server.CairnNode;
import io.cairn.server.config.ConfigLoader;
import io.cairn.server.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BenchTest {

    @TempDir
    Path directory;

    @Test
    void workloadsPickOperationsInTheirProportions() {
        SplittableRandom random = new SplittableRandom(5);
        Map<Workload.Operation, Integer> counts = new EnumMap<>(Workload.Operation.class);
        Workload b = Workload.of("B");
        for (int i = 0; i < 100_000; i++) {
            counts.merge(b.pick(random.nextDouble()), 1, Integer::sum);
        }
        assertThat(counts.get(Workload.Operation.READ) / 100_000.0).isCloseTo(0.95, within(0.01));
        assertThat(counts.get(Workload.Operation.UPDATE) / 100_000.0).isCloseTo(0.05, within(0.01));
        assertThat(Workload.of("f").pick(0.75)).isEqualTo(Workload.Operation.READ_MODIFY_WRITE);
        assertThat(Workload.of("e").pick(0.5)).isEqualTo(Workload.Operation.SCAN);
        assertThat(Workload.of("write").pick(0.99)).isEqualTo(Workload.Operation.INSERT);
    }

    @Test
    void zipfianKeysAreSkewedAndSpreadOverTheWholeRange() {
        SplittableRandom random = new SplittableRandom(7);
        long records = 10_000;
        KeyChooser zipfian = KeyChooser.of("zipfian", records);
        Map<Long, Integer> hits = new java.util.HashMap<>();
        long highest = 0;
        for (int i = 0; i < 200_000; i++) {
            long record = zipfian.next(random, records);
            assertThat(record).isBetween(0L, records - 1);
            hits.merge(record, 1, Integer::sum);
            highest = Math.max(highest, record);
        }
        List<Integer> sorted = hits.values().stream().sorted(java.util.Comparator.reverseOrder()).toList();
        int top = sorted.stream().limit(records / 100).mapToInt(Integer::intValue).sum();
        assertThat(top / 200_000.0).as("share of the hottest 1 %% of records").isGreaterThan(0.3);
        assertThat(highest).as("hot records are scattered, not the first ones").isGreaterThan(records / 2);

        KeyChooser latest = KeyChooser.of("latest", records);
        int recent = 0;
        for (int i = 0; i < 10_000; i++) {
            recent += latest.next(random, records) >= records - 100 ? 1 : 0;
        }
        assertThat(recent / 10_000.0).as("latest favours the newest records").isGreaterThan(0.4);
    }

    @Test
    void processCpuReadsUserAndSystemTicks() {
        String stat = "1234 (java (x) y) S 1 2 3 4 5 6 7 8 9 10 150 50 0 0 20 0 30 0 100 0 0";
        assertThat(ProcessCpu.parse(stat)).isEqualTo(200 * ProcessCpu.NANOS_PER_TICK);
        assertThat(ProcessCpu.nanos(ProcessHandle.current().pid())).isPositive();
    }

    private CairnNode startNode() throws Exception {
        NodeConfig defaults = ConfigLoader.defaults(directory);
        return CairnNode.start(new NodeConfig(defaults.clusterName(), defaults.dataDirectory(),
                defaults.logDirectory(), "127.0.0.1", 0, "127.0.0.1", 0, List.of(), 4, "datacenter1", "rack1",
                defaults.commitLogSync(), 10_000, defaults.maxNativeFrameBytes(), 1024, 16_384));
    }

    @Test
    void aRunAgainstANodeRecordsEveryOperationAndWritesAResultThatComparesAndPlots() throws Exception {
        try (CairnNode node = startNode()) {
            String host = "127.0.0.1:" + node.nativeAddress().getPort();
            long pid = ProcessHandle.current().pid();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            Path first = directory.resolve("a.json");
            BenchSettings settings = new BenchSettings(List.of(host), Workload.of("a"), 2_000, 3_000, 0, 16, 0,
                    "ONE", 1, "datacenter1", "both", List.of(pid), "cairn", 3);
            assertThat(new BenchRunner(settings, new SystemClock(), print, print).run(first)).isTrue();
            BenchResult result = BenchResult.read(first);
            assertThat(result.load().operations()).isEqualTo(2_000);
            assertThat(result.load().byOperation()).containsOnlyKeys("INSERT");
            assertThat(result.run().operations()).isEqualTo(3_000);
            assertThat(result.run().byOperation()).containsOnlyKeys("READ", "UPDATE");
            assertThat(result.run().errors()).isZero();
            assertThat(result.run().serverCpuMicrosPerOperation()).isPositive();
            BenchResult.Operation read = result.run().byOperation().get("READ");
            assertThat(read.p50()).isPositive().isLessThanOrEqualTo(read.p99());
            assertThat(read.p99()).isLessThanOrEqualTo(read.max());
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("run").contains("READ").contains("µs/op");

            // A paced run: at 500 ops/s, 1,000 operations take about two seconds.
            Path second = directory.resolve("c.json");
            BenchSettings paced = new BenchSettings(List.of(host), Workload.of("c"), 2_000, 1_000, 0, 16, 500,
                    "ONE", 1, "datacenter1", "run", List.of(), "paced", 3);
            assertThat(new BenchRunner(paced, new SystemClock(), print, print).run(second)).isTrue();
            BenchResult pacedResult = BenchResult.read(second);
            assertThat(pacedResult.run().seconds()).isGreaterThan(1.9);
            assertThat(pacedResult.run().byOperation().get("READ").count()).isEqualTo(1_000);

            String comparison = BenchResult.compare(result, pacedResult);
            assertThat(comparison).contains("throughput (ops/s)").contains("READ p99 (ms)").contains("ratio");
            assertThat(BenchResult.plot(result, pacedResult)).contains("<svg").contains("polyline");
        }
    }

    @Test
    void theLightweightTransactionWorkloadsRunAgainstANodeAndCountTheirOutcomes() throws Exception {
        try (CairnNode node = startNode()) {
            String host = "127.0.0.1:" + node.nativeAddress().getPort();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            Map<String, BenchResult> results = new java.util.HashMap<>();
            for (String workload : List.of("lwt-insert", "lwt-update", "lwt-contended")) {
                Path file = directory.resolve(workload + ".json");
                BenchSettings settings = new BenchSettings(List.of(host), Workload.of(workload), 500, 400, 0, 16, 0,
                        "ONE", 1, "datacenter1", workload.equals("lwt-insert") ? "both" : "run", List.of(), "cairn",
                        3);
                assertThat(new BenchRunner(settings, new SystemClock(), print, print).run(file))
                        .as("%s without errors:%n%s", workload, out).isTrue();
                results.put(workload, BenchResult.read(file));
            }
            BenchResult.Operation inserts = results.get("lwt-insert").run().byOperation().get("CAS_INSERT");
            assertThat(inserts.count()).isEqualTo(400);
            assertThat(inserts.applied()).as("every insert is of a new record").isEqualTo(400);

            BenchResult.Phase updates = results.get("lwt-update").run();
            BenchResult.Operation update = updates.byOperation().get("CAS_UPDATE");
            assertThat(update.count()).isEqualTo(400);
            assertThat(update.applied() + update.notApplied() + update.unknown()).isEqualTo(update.count());
            assertThat(update.applied()).as("on 500 records, updates rarely race").isGreaterThan(300);
            // 400 uniform draws over 500 records touch about 275 of them.
            assertThat(updates.byOperation().get("SERIAL_READ").count())
                    .as("a record is read at SERIAL before its first update only").isBetween(200L, 350L);
            assertThat(updates.messagesPerOperation()).as("one node sends no messages").isZero();

            BenchResult.Phase contended = results.get("lwt-contended").run();
            BenchResult.Operation raced = contended.byOperation().get("CAS_UPDATE");
            assertThat(raced.count()).isEqualTo(400);
            assertThat(raced.applied()).isPositive();
            assertThat(raced.notApplied()).as("16 in flight on 10 records race").isPositive();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("CAS_UPDATE").contains("not applied");
        }
    }

    @Test
    void theIndexWorkloadsLoadTheirTableAndReadItByItsIndexes() throws Exception {
        try (CairnNode node = startNode()) {
            String host = "127.0.0.1:" + node.nativeAddress().getPort();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            for (String workload : List.of("sai-eq", "sai-range")) {
                Path file = directory.resolve(workload + ".json");
                BenchSettings settings = new BenchSettings(List.of(host), Workload.of(workload), 1_000, 300, 0, 8, 0,
                        "ONE", 1, "datacenter1", workload.equals("sai-eq") ? "both" : "run", List.of(), "cairn", 3);
                assertThat(new BenchRunner(settings, new SystemClock(), print, print).run(file))
                        .as("%s without errors:%n%s", workload, out).isTrue();
                BenchResult result = BenchResult.read(file);
                assertThat(result.run().byOperation().get(workload.equals("sai-eq") ? "INDEX_EQ" : "INDEX_RANGE")
                        .count()).isEqualTo(300);
            }
            try (com.datastax.oss.driver.api.core.CqlSession session = com.datastax.oss.driver.api.core.CqlSession
                    .builder().addContactPoint(node.nativeAddress()).withLocalDatacenter("datacenter1").build()) {
                assertThat(session.execute("SELECT count(*) FROM ycsb.indexed").one().getLong(0)).isEqualTo(1_000);
                // Each tag has its 10 records; each range of scores its 10.
                assertThat(session.execute("SELECT y_id FROM ycsb.indexed WHERE tag = 7").all()).hasSize(10);
                assertThat(session.execute("SELECT y_id FROM ycsb.indexed WHERE score >= 990 AND score < 1000").all())
                        .hasSize(10);
            }
        }
    }

    @Test
    void theVectorWorkloadLoadsItsVectorsSearchesThemAndMeasuresRecall() throws Exception {
        try (CairnNode node = startNode()) {
            String host = "127.0.0.1:" + node.nativeAddress().getPort();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            Path file = directory.resolve("ann.json");
            BenchSettings settings = new BenchSettings(List.of(host), Workload.of("ann"), 600, 200, 0, 8, 0,
                    "ONE", 1, "datacenter1", "both", List.of(), "cairn", 3);
            assertThat(new BenchRunner(settings, new SystemClock(), print, print).run(file))
                    .as("without errors:%n%s", out).isTrue();
            BenchResult result = BenchResult.read(file);
            assertThat(result.load().byOperation().get("VECTOR_INSERT").count()).isEqualTo(600);
            assertThat(result.run().byOperation().get("VECTOR_SEARCH").count()).isEqualTo(200);
            // On 600 vectors a search through the graph (or, while it fills, of every row) finds the nearest.
            assertThat(result.recallAt10()).isGreaterThanOrEqualTo(0.95);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("recall@10");
        }
        // The client's exact answer: the records nearest a record's own vector include it.
        assertThat(VectorData.exactNearest(VectorData.vector(42), 600, 10)).contains(Keys.key(42));
    }
}
