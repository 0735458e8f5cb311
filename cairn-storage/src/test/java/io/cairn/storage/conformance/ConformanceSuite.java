package io.cairn.storage.conformance;

import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the conformance suites: every engine implementation runs each suite through a
 * {@link EngineFixture}, so all engines are held to the same behaviour.
 */
public abstract class ConformanceSuite {

    protected static final TableId TABLE = new TableId("shop", "orders");
    protected static final PartitionKey P1 = Keys.partition(100, "p1");
    protected static final PartitionKey P2 = Keys.partition(200, "p2");

    protected EngineFixture fixture;

    /** A fresh engine with no tables, on a clock set to a fixed instant. */
    protected abstract EngineFixture newFixture();

    @BeforeEach
    void openEngine() {
        fixture = newFixture();
        engine().createTable(TABLE, TableOptions.DEFAULTS);
    }

    @AfterEach
    void closeEngine() {
        fixture.close();
    }

    protected StorageEngine engine() {
        return fixture.engine();
    }

    protected long nowSeconds() {
        return fixture.clock().currentTimeSeconds();
    }

    protected void apply(PartitionUpdate update) {
        engine().apply(TABLE, update);
    }

    protected PartitionData read(PartitionKey key) {
        return engine().read(TABLE, key, ReadFilter.all(nowSeconds()));
    }

    protected PartitionData read(PartitionKey key, ReadFilter filter) {
        return engine().read(TABLE, key, filter);
    }

    protected ReadFilter all() {
        return ReadFilter.all(nowSeconds());
    }

    /** An update writing one row with text cells at one timestamp. */
    protected static PartitionUpdate cells(PartitionKey key, Clustering clustering, long timestamp, String... columnValues) {
        Row.Builder row = Row.builder(clustering);
        for (int i = 0; i < columnValues.length; i += 2) {
            row.cell(Cell.live(columnValues[i], Keys.bytes(columnValues[i + 1]), timestamp));
        }
        return PartitionUpdate.builder(key).row(row.build()).build();
    }

    /** An INSERT-like update: liveness marker plus text cells. */
    protected static PartitionUpdate insert(PartitionKey key, Clustering clustering, long timestamp, String... columnValues) {
        Row.Builder row = Row.builder(clustering).liveness(Liveness.of(timestamp));
        for (int i = 0; i < columnValues.length; i += 2) {
            row.cell(Cell.live(columnValues[i], Keys.bytes(columnValues[i + 1]), timestamp));
        }
        return PartitionUpdate.builder(key).row(row.build()).build();
    }

    protected PartitionUpdate deleteRow(PartitionKey key, Clustering clustering, long timestamp) {
        return PartitionUpdate.builder(key)
                .row(Row.builder(clustering).delete(new Deletion(timestamp, nowSeconds())).build())
                .build();
    }

    protected Deletion deletionAt(long timestamp) {
        return new Deletion(timestamp, nowSeconds());
    }

    /** Each row as its first clustering component mapped to its simple cells' text values. */
    protected static Map<Integer, Map<String, String>> table(PartitionData data) {
        Map<Integer, Map<String, String>> rows = new LinkedHashMap<>();
        for (Row row : data.rows()) {
            rows.put(firstComponent(row.clustering()), values(row));
        }
        return rows;
    }

    protected static Map<String, String> values(Row row) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Cell cell : row.cells()) {
            if (cell.path() == null) {
                values.put(cell.column(), Keys.text(cell.value()));
            }
        }
        return values;
    }

    protected static List<Integer> clusterings(PartitionData data) {
        List<Integer> keys = new ArrayList<>();
        data.rows().forEach(row -> keys.add(firstComponent(row.clustering())));
        return keys;
    }

    private static int firstComponent(Clustering clustering) {
        return clustering.size() == 0 ? -1 : Keys.components(clustering)[0];
    }
}
