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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * For generated tables and generated writes and reads, every read through the query layer
 * returns exactly the rows of a plain in-memory model of CQL tables, in the same order, on the
 * in-memory and on the RocksDB storage engine.
 */
class GeneratedTablesMatchReferenceModelTest {

    static final String SEED = "1313";

    /** A generated table and the operations run on it, in order. */
    record Scenario(TableSpec table, List<Operation> operations) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(table.toString());
            operations.forEach(operation -> text.append("\n  ").append(operation));
            return text.toString();
        }
    }

    private final Map<EngineRun.Engine, NodeFixture> nodes = new EnumMap<>(EngineRun.Engine.class);
    private Path directory;
    private int scenarios;
    private boolean isClosed;

    /**
     * Every try runs on both engines. Opening a RocksDB store costs about a second here, so each
     * engine's node is opened once per property and each try gets a keyspace of its own,
     * dropped after it. Tries and closing hold the instance's lock: a shrinking that reaches
     * its time bound goes on in its own thread while the property ends.
     */
    @Property(tries = 200, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
    synchronized void everyReadReturnsTheRowsOfTheReferenceModel(@ForAll("scenarios") Scenario scenario)
            throws IOException {
        String keyspace = "ks" + scenarios++;
        for (EngineRun.Engine engine : EngineRun.Engine.values()) {
            try (EngineRun run = new EngineRun(engine, node(engine), keyspace, scenario.table())) {
                scenario.operations().forEach(run::run);
            }
        }
    }

    private NodeFixture node(EngineRun.Engine engine) throws IOException {
        if (isClosed) {
            throw new IllegalStateException("The property has ended");
        }
        if (directory == null) {
            directory = Files.createTempDirectory("cairn-model-test");
        }
        NodeFixture node = nodes.get(engine);
        if (node == null) {
            node = EngineRun.open(engine, directory.resolve(engine.name()));
            nodes.put(engine, node);
        }
        return node;
    }

    @AfterProperty
    synchronized void closeNodes() {
        isClosed = true;
        try {
            nodes.values().forEach(NodeFixture::close);
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
