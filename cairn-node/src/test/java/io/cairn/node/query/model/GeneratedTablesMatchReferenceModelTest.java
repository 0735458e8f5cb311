package io.cairn.node.query.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterProperty;
import io.cairn.node.query.NodeFixture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * For generated tables and generated writes and reads, every read through the query layer
 * returns exactly the rows of a plain in-memory model of CQL tables, in the same order (and the
 * same bytes), on the in-memory and on the RocksDB storage engine.
 */
class GeneratedTablesMatchReferenceModelTest {

    static final String SEED = "1313";
    static final String ROCKSDB_SEED = "1314";

    /** A generated table and the operations run on it, in order. */
    record Scenario(TableSpec table, List<Operation> operations) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(table.toString());
            operations.forEach(operation -> text.append("\n  ").append(operation));
            return text.toString();
        }
    }

    private NodeFixture node;
    private Path directory;
    private int scenarios;
    private boolean isClosed;

    /*
     * Each property opens its engine's node once (opening a RocksDB store costs about a second
     * here) and each try creates its table in a keyspace of its own. Creating a table costs
     * RocksDB about 0.1 s, so it runs fewer tries than the in-memory engine, from another seed.
     * Tries and closing hold the instance's lock: a shrinking that reaches its time bound goes
     * on in its own thread while the property ends.
     */

    @Property(tries = 250, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
    synchronized void inMemoryEngineReturnsTheRowsOfTheReferenceModel(@ForAll("scenarios") Scenario scenario)
            throws IOException {
        run(EngineRun.Engine.MEMORY, scenario);
    }

    @Property(tries = 40, seed = ROCKSDB_SEED, shrinking = ShrinkingMode.BOUNDED)
    synchronized void rocksDbEngineReturnsTheRowsOfTheReferenceModel(@ForAll("scenarios") Scenario scenario)
            throws IOException {
        run(EngineRun.Engine.ROCKSDB, scenario);
    }

    private void run(EngineRun.Engine engine, Scenario scenario) throws IOException {
        if (isClosed) {
            throw new IllegalStateException("The property has ended");
        }
        if (node == null) {
            directory = Files.createTempDirectory("cairn-model-test");
            node = EngineRun.open(engine, directory);
        }
        EngineRun run = new EngineRun(engine, node, "ks" + scenarios++, scenario.table());
        scenario.operations().forEach(run::run);
    }

    @AfterProperty
    synchronized void closeNode() {
        isClosed = true;
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            if (directory != null) {
                EngineRun.deleteTree(directory);
            }
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<GeneratedType> types = Arbitraries.of(GeneratedType.class);
        Arbitrary<TableSpec> tables = Combinators.combine(
                types.list().ofMinSize(1).ofMaxSize(3),
                types.list().ofMinSize(0).ofMaxSize(3),
                Arbitraries.of(false, true).list().ofSize(3),
                types.list().ofMinSize(0).ofMaxSize(2),
                types.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.longs()).as(TableSpec::of);
        return tables.flatMap(table -> Arbitraries.longs()
                .map(seed -> OperationGenerator.generate(table, seed))
                .list().ofMinSize(1).ofMaxSize(40)
                .map(operations -> new Scenario(table, operations)));
    }
}
