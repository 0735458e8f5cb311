package io.cairn.node.query.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import java.util.List;

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

    @Property(tries = 200, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
    void everyReadReturnsTheRowsOfTheReferenceModel(@ForAll("scenarios") Scenario scenario) {
        for (EngineRun.Engine engine : EngineRun.Engine.values()) {
            try (EngineRun run = new EngineRun(engine, scenario.table())) {
                scenario.operations().forEach(run::run);
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
