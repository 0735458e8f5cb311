package io.cairn.node.query.model;

import io.cairn.node.query.Await;
import io.cairn.common.time.Scheduler;
import io.cairn.node.query.NodeFixture;
import io.cairn.node.query.PreparedStatement;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.query.QueryResult;
import io.cairn.cql.ast.BatchStatement;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.storage.memory.InMemoryKvStore;
import io.cairn.storage.rocksdb.RocksDbConfig;
import io.cairn.storage.rocksdb.RocksDbKvStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * One generated scenario on one storage engine: the table is created in a keyspace of its own,
 * then every operation runs through the query layer and against the reference model; a read
 * whose rows differ from the model's throws with both.
 */
final class EngineRun {

    /** The storage engines under test. */
    enum Engine { MEMORY, ROCKSDB }

    /** RocksDB's periodic sync is never run: nothing here needs durability. */
    private static final Scheduler NO_BACKGROUND_WORK = new Scheduler() {
        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            return () -> { };
        }

        @Override
        public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
            return () -> { };
        }
    };

    private final Engine engine;
    private final TableSpec table;
    private final NodeFixture node;
    private final ReferenceTable model;

    /** Creates {@code keyspace} with the generated table in it on {@code node}. */
    EngineRun(Engine engine, NodeFixture node, String keyspace, TableSpec table) {
        this.engine = engine;
        this.node = node;
        this.table = table;
        node.execute("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        node.execute("USE " + keyspace);
        node.execute(table.createTable("t"));
        model = new ReferenceTable(table);
    }

    /** A node over a fresh store of the engine; a RocksDB store lives in {@code directory}. */
    static NodeFixture open(Engine engine, Path directory) {
        return engine == Engine.ROCKSDB
                ? new NodeFixture(scheduler -> new RocksDbKvStore(RocksDbConfig.defaults(directory), scheduler),
                        NO_BACKGROUND_WORK)
                : new NodeFixture(scheduler -> new InMemoryKvStore(), NO_BACKGROUND_WORK);
    }

    void run(Operation operation) {
        try {
            if (operation instanceof Operation.Write write) {
                write(write);
            } else {
                read(((Operation.Read) operation).query());
            }
        } catch (RuntimeException e) {
            throw new AssertionError(engine + ": " + operation + " failed: " + e, e);
        }
    }

    private void write(Operation.Write write) {
        // Each write is newer than the last, as the model assumes.
        node.clock.advance(Duration.ofMillis(1));
        QueryProcessor processor = node.processor;
        if (write.mode() == Operation.Mode.BATCH) {
            List<QueryProcessor.BatchEntry> entries = new ArrayList<>();
            for (int i = 0; i < write.mutations().size(); i++) {
                boolean isPrepared = write.isEntryPrepared().get(i);
                CqlText.Statement statement = write.mutations().get(i).render(table, isPrepared);
                entries.add(isPrepared
                        ? new QueryProcessor.BatchEntry(null, prepare(statement.cql()).id(), statement.values())
                        : new QueryProcessor.BatchEntry(statement.cql(), null, List.of()));
            }
            Await.result(processor.batch(BatchStatement.Type.LOGGED, entries, QueryOptions.DEFAULT, node.session()));
        } else {
            boolean isPrepared = write.mode() == Operation.Mode.PREPARED;
            CqlText.Statement statement = write.mutations().get(0).render(table, isPrepared);
            if (isPrepared) {
                Await.result(processor.execute(prepare(statement.cql()).id(), QueryOptions.DEFAULT.withValues(statement.values()),
                        node.session()));
            } else {
                Await.result(processor.execute(statement.cql(), QueryOptions.DEFAULT, node.session()));
            }
        }
        write.mutations().forEach(model::apply);
    }

    private PreparedStatement prepare(String cql) {
        return node.processor.prepare(cql, node.session(), null);
    }

    private static final String PAGED_ORDER_BY_ACROSS_PARTITIONS = "Cannot page queries with both ORDER BY and a IN "
            + "restriction on the partition key; you must either remove the ORDER BY or the IN and sort client side, "
            + "or disable paging for this query";

    private void read(ReadQuery query) {
        if (query.isRefusedForPaging()) {
            CqlText.Statement statement = query.render(table);
            try {
                execute(query, statement, null);
            } catch (CqlException e) {
                if (e.code() == ErrorCode.INVALID && e.getMessage().equals(PAGED_ORDER_BY_ACROSS_PARTITIONS)) {
                    return;
                }
                throw e;
            }
            throw new AssertionError(engine + ": " + query.describe(table) + " was not refused");
        }
        List<List<Value>> modelRows = model.select(query);
        List<Column> modelColumns = query.modelColumns(table);
        List<Integer> selected = query.selectedColumns(table).stream().map(modelColumns::indexOf).toList();
        List<List<Value>> expected = modelRows.stream()
                .map(row -> selected.stream().map(row::get).toList()).toList();
        CqlText.Statement statement = query.render(table);
        List<List<ByteBuffer>> rows = new ArrayList<>();
        ByteBuffer pagingState = null;
        int pages = 0;
        do {
            QueryResult.Rows page = execute(query, statement, pagingState);
            if (query.pageSize() > 0 && page.rows().size() > query.pageSize()) {
                throw new AssertionError(engine + ": a page of " + page.rows().size() + " rows for pages of "
                        + query.pageSize() + ": " + query.describe(table));
            }
            rows.addAll(page.rows());
            pagingState = page.pagingState();
            if (++pages > 1000) {
                throw new AssertionError(engine + ": more than 1000 pages: " + query.describe(table));
            }
        } while (pagingState != null && query.pageSize() > 0);
        List<String> expectedHex = expected.stream().map(EngineRun::hexOfValues).toList();
        List<String> actualHex = rows.stream().map(EngineRun::hexOfBuffers).toList();
        if (!expectedHex.equals(actualHex)) {
            throw new AssertionError(engine + ": " + query.describe(table) + "\n  expected " + expected.size()
                    + " rows: " + expected + "\n  actual " + rows.size() + " rows: " + actualHex
                    + "\n  expected (bytes): " + expectedHex);
        }
    }

    /** One page of the query (or every row, unpaged), prepared first when it binds its values. */
    private QueryResult.Rows execute(ReadQuery query, CqlText.Statement statement, ByteBuffer pagingState) {
        QueryOptions options = QueryOptions.DEFAULT.withValues(statement.values())
                .withPaging(query.pageSize(), pagingState);
        return (QueryResult.Rows) (query.isBound()
                ? Await.result(node.processor.execute(prepare(statement.cql()).id(), options, node.session()))
                : Await.result(node.processor.execute(statement.cql(), options, node.session())));
    }

    private static String hexOfValues(List<Value> row) {
        return row.stream().map(value -> value == null ? "null" : value.hex()).toList().toString();
    }

    private static String hexOfBuffers(List<ByteBuffer> row) {
        List<String> values = new ArrayList<>();
        for (ByteBuffer value : row) {
            if (value == null) {
                values.add("null");
            } else {
                byte[] bytes = new byte[value.remaining()];
                value.duplicate().get(bytes);
                values.add("0x" + HexFormat.of().formatHex(bytes));
            }
        }
        return values.toString();
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
