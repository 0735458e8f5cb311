package io.cairn.storage.conformance;

import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.Slice;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.TokenRange;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random histories of writes, deletions and range deletions, with colliding timestamps,
 * applied in random orders and partly duplicated, must read exactly as the
 * {@link ReferenceModel} says, through every kind of read.
 */
public abstract class ReconciliationProperties {

    /** Seconds since the epoch at which the histories are read. */
    private static final long NOW = 1_700_000_000L;
    private static final List<PartitionKey> PARTITIONS = List.of(
            Keys.partition(7, "a"), Keys.partition(7, "b"), Keys.partition(-3, "c"));
    private static final List<Slice> QUERY_SLICE_SETS_ALL = List.of(Slice.ALL);

    private EngineFixture fixture;
    private int tables;

    protected abstract EngineFixture newFixture();

    @BeforeProperty
    void open() {
        fixture = newFixture();
    }

    @AfterProperty
    void close() {
        fixture.close();
    }

    @Property(tries = 250)
    void anyOrderAndDuplicationReadsLikeTheModel(@ForAll("histories") List<ModelOp> history,
                                                  @ForAll("queries") ReadFilter query,
                                                  @ForAll Random random) {
        StorageEngine engine = fixture.engine();
        TableId table = new TableId("model", "t" + tables++);
        engine.createTable(table, TableOptions.DEFAULTS);
        List<ModelOp> delivered = new ArrayList<>(history);
        for (ModelOp op : history) {
            if (random.nextInt(4) == 0) {
                delivered.add(op);
            }
        }
        Collections.shuffle(delivered, random);
        for (ModelOp op : delivered) {
            engine.apply(table, op.toUpdate());
        }
        ReferenceModel model = new ReferenceModel(history);

        List<PartitionData> expectedScan = new ArrayList<>();
        for (PartitionKey partition : sortedPartitions()) {
            assertThat(engine.read(table, partition, ReadFilter.all(NOW)))
                    .isEqualTo(model.read(partition, ReadFilter.all(NOW)));
            assertThat(engine.read(table, partition, ReadFilter.all(NOW).reversed(true)))
                    .isEqualTo(model.read(partition, ReadFilter.all(NOW).reversed(true)));
            assertThat(engine.read(table, partition, query)).isEqualTo(model.read(partition, query));
            PartitionData all = model.read(partition, ReadFilter.all(NOW));
            if (!all.isEmpty()) {
                expectedScan.add(all);
            }
        }
        ScanPage scan = engine.scan(table, TokenRange.FULL, null, ReadFilter.all(NOW));
        assertThat(scan.partitions()).isEqualTo(expectedScan);

        TableId copy = new TableId("model", "t" + tables++);
        engine.createTable(copy, TableOptions.DEFAULTS);
        engine.export(table, TokenRange.FULL, null, 100).updates().forEach(update -> engine.apply(copy, update));
        assertThat(engine.scan(copy, TokenRange.FULL, null, ReadFilter.all(NOW))).isEqualTo(scan);

        engine.dropTable(table);
        engine.dropTable(copy);
    }

    @Property(tries = 250)
    void anExportWithinTheQuerysSlicesMergedWithAnotherReplicaReadsLikeTheWholeHistory(
            @ForAll("histories") List<ModelOp> history, @ForAll("queries") ReadFilter query, @ForAll Random random) {
        StorageEngine engine = fixture.engine();
        TableId mine = new TableId("model", "t" + tables++);
        TableId theirs = new TableId("model", "t" + tables++);
        TableId merged = new TableId("model", "t" + tables++);
        for (TableId table : List.of(mine, theirs, merged)) {
            engine.createTable(table, TableOptions.DEFAULTS);
        }
        // Two replicas that each saw part of the history: a deletion on one must still shadow
        // the other's rows once this one's export is cut to the slices.
        for (ModelOp op : history) {
            engine.apply(random.nextBoolean() ? mine : theirs, op.toUpdate());
        }
        ReferenceModel model = new ReferenceModel(history);

        for (PartitionKey partition : PARTITIONS) {
            engine.apply(merged, engine.exportPartition(mine, partition, query.slices()));
            engine.apply(merged, engine.exportPartition(theirs, partition));
            assertThat(engine.read(merged, partition, query)).as("%s", partition)
                    .isEqualTo(model.read(partition, query));
        }

        for (TableId table : List.of(mine, theirs, merged)) {
            engine.dropTable(table);
        }
    }

    private static List<PartitionKey> sortedPartitions() {
        List<PartitionKey> sorted = new ArrayList<>(PARTITIONS);
        Collections.sort(sorted);
        return sorted;
    }

    @Provide
    Arbitrary<List<ModelOp>> histories() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, cellWrites()),
                        net.jqwik.api.Tuple.of(2, markers()),
                        net.jqwik.api.Tuple.of(2, rowDeletions()),
                        net.jqwik.api.Tuple.of(2, rangeDeletions()),
                        net.jqwik.api.Tuple.of(1, partitionDeletions()),
                        net.jqwik.api.Tuple.of(1, columnDeletions()))
                .list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<ReadFilter> queries() {
        Arbitrary<List<Slice>> slices = Arbitraries.of(
                QUERY_SLICE_SETS_ALL,
                List.of(Slice.prefixedBy(Keys.clustering(1))),
                List.of(Keys.closed(Keys.clustering(0, 1), Keys.clustering(1, 0)), Slice.prefixedBy(Keys.clustering(2))),
                List.of(new Slice(ClusteringBound.OPEN, ClusteringBound.exclusive(Keys.clustering(1))),
                        new Slice(ClusteringBound.exclusive(Keys.clustering(1, 1)), ClusteringBound.OPEN)));
        Arbitrary<Set<String>> columns = Arbitraries.of(
                java.util.Optional.<Set<String>>empty(), java.util.Optional.of(Set.of("a")),
                java.util.Optional.of(Set.of("m", "s")), java.util.Optional.of(Set.<String>of()))
                .map(optional -> optional.orElse(null));
        Arbitrary<Integer> limits = Arbitraries.of(1, 2, 3, ReadFilter.NO_LIMIT);
        return Combinators.combine(slices, columns, Arbitraries.of(false, true), limits, limits)
                .as((slice, selected, reversed, rowLimit, perPartition) ->
                        new ReadFilter(selected, slice, reversed, rowLimit, perPartition, NOW));
    }

    private static Arbitrary<PartitionKey> partitions() {
        return Arbitraries.of(PARTITIONS);
    }

    private static Arbitrary<Clustering> clusterings() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2))
                .as(Keys::clustering);
    }

    private static Arbitrary<Long> timestamps() {
        return Arbitraries.longs().between(1, 6);
    }

    /** Deletion times around NOW; gc grace is long, so they only matter as data. */
    private static Arbitrary<Deletion> deletions() {
        return Combinators.combine(timestamps(), Arbitraries.longs().between(NOW - 2, NOW + 2)).as(Deletion::new);
    }

    private static Arbitrary<Cell> cells(Arbitrary<String> columns) {
        Arbitrary<byte[]> values = Arbitraries.of(new byte[0], new byte[] {0}, new byte[] {1}, new byte[] {0, 1},
                new byte[] {(byte) 0xFF});
        Arbitrary<Cell> live = Combinators.combine(columns, values, timestamps()).as(Cell::live);
        // Expiring cells expire before, at or after NOW, with colliding expiry times.
        Arbitrary<Cell> expiring = Combinators.combine(columns, values, timestamps(), Arbitraries.of(5, 60),
                        Arbitraries.longs().between(NOW - 1, NOW + 1))
                .as(Cell::expiring);
        Arbitrary<Cell> tombstone = Combinators.combine(columns, timestamps(), Arbitraries.longs().between(NOW - 1, NOW + 1))
                .as(Cell::tombstone);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, live), net.jqwik.api.Tuple.of(2, expiring), net.jqwik.api.Tuple.of(2, tombstone));
    }

    private static Arbitrary<ModelOp> cellWrites() {
        Arbitrary<Cell> simple = cells(Arbitraries.of("a", "b"));
        Arbitrary<Cell> element = Combinators.combine(cells(Arbitraries.just("m")),
                        Arbitraries.of(new byte[0], new byte[] {'x'}, new byte[] {'y'}))
                .as(Cell::atPath);
        Arbitrary<ModelOp> rowCells = Combinators.combine(partitions(), clusterings(), Arbitraries.oneOf(simple, element))
                .as(ModelOp.WriteCell::new);
        Arbitrary<ModelOp> staticCells = Combinators.combine(partitions(), cells(Arbitraries.just("s")))
                .as((partition, cell) -> new ModelOp.WriteCell(partition, null, cell));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, rowCells), net.jqwik.api.Tuple.of(1, staticCells));
    }

    private static Arbitrary<ModelOp> markers() {
        Arbitrary<Liveness> live = timestamps().map(Liveness::of);
        Arbitrary<Liveness> expiring = Combinators.combine(timestamps(), Arbitraries.of(5, 60),
                Arbitraries.longs().between(NOW - 1, NOW + 1)).as(Liveness::expiring);
        return Combinators.combine(partitions(), clusterings(), Arbitraries.oneOf(live, expiring))
                .as(ModelOp.WriteMarker::new);
    }

    private static Arbitrary<ModelOp> rowDeletions() {
        return Combinators.combine(partitions(), clusterings(), deletions()).as(ModelOp.DeleteRow::new);
    }

    private static Arbitrary<ModelOp> columnDeletions() {
        Arbitrary<Clustering> rowOrStatic = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, clusterings()), net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
        return Combinators.combine(partitions(), rowOrStatic, deletions())
                .as((partition, clustering, deletion) -> new ModelOp.DeleteColumn(partition, clustering, "m", deletion));
    }

    private static Arbitrary<ModelOp> rangeDeletions() {
        Arbitrary<Clustering> prefixes = Arbitraries.oneOf(
                Arbitraries.just(Clustering.EMPTY),
                Arbitraries.integers().between(0, 2).map(Keys::clustering),
                clusterings());
        Arbitrary<ClusteringBound> bounds = Combinators.combine(prefixes, Arbitraries.of(true, false))
                .as(ClusteringBound::new);
        return Combinators.combine(partitions(), bounds, bounds, deletions())
                .as((partition, start, end, deletion) -> new ModelOp.DeleteRange(partition, new Slice(start, end), deletion));
    }

    private static Arbitrary<ModelOp> partitionDeletions() {
        return Combinators.combine(partitions(), deletions()).as(ModelOp.DeletePartition::new);
    }
}
