package io.cairn.node.query;

import io.cairn.common.time.TimeUuids;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.Scheduler;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.node.coordinator.LocalDataCoordinator;
import io.cairn.node.schema.SchemaManager;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.kv.KvStore;
import io.cairn.storage.memory.InMemoryKvStore;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One node's query layer over the in-memory engine (or another store), with a manual clock and
 * a seeded random source: what the tests of CQL execution run against.
 */
public final class NodeFixture implements AutoCloseable {

    static final long START_MICROS = 1_700_000_000_000_000L;

    public final ManualClock clock = new ManualClock(START_MICROS);
    public final KvStorageEngine storage;
    public final SchemaManager schema;
    public final QueryProcessor processor;
    final ClientSession session = new ClientSession();

    /** The query layer over the in-memory engine, where nothing may schedule work. */
    public NodeFixture() {
        this(scheduler -> new InMemoryKvStore(), new Scheduler() {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                throw new UnsupportedOperationException("no scheduled work in these tests");
            }

            @Override
            public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
                throw new UnsupportedOperationException("no scheduled work in these tests");
            }
        });
    }

    /**
     * The query layer over the store {@code stores} opens with {@code scheduler} (e.g. a RocksDB
     * store in a temporary directory); closing the fixture closes the store.
     */
    public NodeFixture(Function<Scheduler, KvStore> stores, Scheduler scheduler) {
        storage = new KvStorageEngine(stores.apply(scheduler), clock, scheduler, StorageLimits.DEFAULTS,
                Duration.ZERO);
        StatementParser parser = new StatementParser();
        SplittableRandom random = new SplittableRandom(42);
        schema = new SchemaManager(storage, clock, random, parser);
        schema.start();
        processor = new QueryProcessor(storage, schema, clock, new TimeUuids(random), parser);
    }

    /**
     * A fixture whose session uses a new keyspace {@code keyspace} (SimpleStrategy, one replica):
     * the set-up most tests of CQL execution start from.
     */
    public static NodeFixture withKeyspace(String keyspace) {
        NodeFixture node = new NodeFixture();
        node.execute("CREATE KEYSPACE " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        node.execute("USE " + keyspace);
        return node;
    }

    /** This node's own coordinator, over its storage, as {@link #processor} uses it. */
    public DataCoordinator localCoordinator() {
        return new LocalDataCoordinator(storage, schema, "datacenter1", clock);
    }

    /**
     * A query layer of this node's schema and clock over {@code coordinator} (e.g. a {@link
     * ForwardingDataCoordinator} that holds back or inspects some calls to {@link #localCoordinator()}).
     */
    public QueryProcessor processorOver(DataCoordinator coordinator) {
        return new QueryProcessor(coordinator, schema, clock, new TimeUuids(new SplittableRandom(7)),
                new StatementParser());
    }

    public ClientSession session() {
        return session;
    }

    public QueryResult execute(String cql, ByteBuffer... values) {
        return execute(cql, QueryOptions.of(values));
    }

    /** Runs {@code cql} in this fixture's session with {@code options} (consistency levels, values). */
    public QueryResult execute(String cql, QueryOptions options) {
        return Await.result(processor.execute(cql, options, session));
    }

    /** The rows of a SELECT, each value rendered as CQL. */
    public List<List<String>> rows(String cql, ByteBuffer... values) {
        QueryResult.Rows rows = (QueryResult.Rows) execute(cql, values);
        return render(rows);
    }

    /**
     * Every page of a SELECT at {@code pageSize} (0: unpaged), rendered, in order; fails past
     * 1,000 pages (a paging state that never ends).
     */
    public List<List<String>> allPages(String cql, int pageSize, ByteBuffer... values) {
        List<List<String>> result = new ArrayList<>();
        ByteBuffer pagingState = null;
        int pages = 0;
        do {
            QueryOptions options = pageSize <= 0 ? QueryOptions.of(values)
                    : QueryOptions.of(values).withPaging(pageSize, pagingState);
            QueryResult.Rows page = (QueryResult.Rows) execute(cql, options);
            result.addAll(render(page));
            pagingState = page.pagingState();
            if (++pages >= 1_000) {
                throw new AssertionError("More than 1,000 pages of " + cql);
            }
        } while (pagingState != null);
        return result;
    }

    static List<List<String>> render(QueryResult.Rows rows) {
        List<List<String>> rendered = new ArrayList<>();
        for (List<ByteBuffer> row : rows.rows()) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                values.add(rows.columns().get(i).type().toCqlLiteral(row.get(i)));
            }
            rendered.add(values);
        }
        return rendered;
    }

    @Override
    public void close() {
        storage.close();
    }
}
