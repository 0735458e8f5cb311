package io.cairn.node.index;

import io.cairn.cql.type.VectorType;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.Row;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One vector index on one replica: a graph of the vectors this replica stores in the indexed
 * column, in memory, searched for the nearest neighbours of a vector (jvector's HNSW-like graph,
 * the library Cassandra's vector search uses). A node keeps it from the writes it stores; after a
 * restart, or when the index is new, {@link VectorIndexes} adds what the table already holds, and
 * until then the index is not {@linkplain #isReady ready} and searches read the table instead.
 *
 * <p>Each vector written to a row is a node of the graph (an <em>ordinal</em>), naming its row. A
 * row's vector may change or go: a search reads every row it finds, and keeps it only when the row
 * still holds the vector (so the graph may name more than the table holds, never less). A node
 * whose row no longer holds its vector is marked deleted, under the row's lock and after reading
 * the row again: a write of that vector that lands meanwhile adds it again after the mark, since
 * writes add their vectors only once stored, under the same lock.
 */
final class VectorIndex {

    /** Connections per graph node, and the beam of a construction search: Cassandra's defaults. */
    static final int MAX_CONNECTIONS = 16;
    static final int CONSTRUCTION_BEAM = 100;
    /** The most live vectors one index holds on a replica. */
    static final int MAX_VECTORS = 50_000_000;
    /** Locks that order a row's additions against marks of its nodes as deleted. */
    private static final int LOCK_STRIPES = 64;

    private static final VectorTypeSupport VECTORS = VectorizationProvider.getInstance().getVectorTypeSupport();

    /** A row (its partition, and its clustering, or null for a static column's partition) a graph node names. */
    record RowKey(PartitionKey partition, Clustering clustering) {
    }

    /** A node found by a search: its row, its vector and how similar that is to the query. */
    record Neighbour(int ordinal, RowKey row, float[] vector, float score) {
    }

    /** What a graph node holds: its row, its vector (the array jvector's vector wraps) and the cell's timestamp. */
    private record Node(RowKey row, float[] vector, long timestamp) {
    }

    private final ColumnMetadata column;
    private final int dimension;
    private final VectorSimilarityFunction similarity;
    private final Vectors vectors = new Vectors();
    private final ConcurrentHashMap<Integer, Node> nodes = new ConcurrentHashMap<>();
    /** The live nodes of each row: usually one, more while older vectors wait to be found stale. */
    private final ConcurrentHashMap<RowKey, List<Integer>> byRow = new ConcurrentHashMap<>();
    private final AtomicInteger nextOrdinal = new AtomicInteger();
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final GraphIndexBuilder builder;
    private volatile boolean ready;
    /** A vector could not be added (the index is full): searches compare every row until a restart. */
    private volatile boolean broken;

    VectorIndex(ColumnMetadata column, String similarityFunction, ForkJoinPool pool) {
        if (!(column.type() instanceof VectorType vector)) {
            throw new IllegalArgumentException("A vector index of " + column.name() + " of type " + column.type());
        }
        this.column = column;
        this.dimension = vector.dimension();
        this.similarity = VectorSimilarityFunction.valueOf(similarityFunction);
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        this.builder = new GraphIndexBuilder(BuildScoreProvider.randomAccessScoreProvider(vectors, similarity),
                dimension, MAX_CONNECTIONS, CONSTRUCTION_BEAM, 1.2f, 1.2f, pool, pool);
    }

    /** Whether every vector the table held when the index began is in the graph. */
    boolean isReady() {
        return ready && !broken;
    }

    /** Gives up on the graph: it may lack a vector the table holds. */
    void markBroken() {
        broken = true;
    }

    void setReady() {
        ready = true;
    }

    ColumnMetadata column() {
        return column;
    }

    /** COSINE, DOT_PRODUCT or EUCLIDEAN. */
    String similarityFunction() {
        return similarity.name();
    }

    /** How many live vectors the graph holds. */
    int size() {
        return nodes.size();
    }

    /**
     * The vector cell of {@code column} that {@code holder} holds (a live one, as a read returns
     * rows; an update's cell, expiring or not), or null when it has none.
     */
    static Cell cellOf(ColumnMetadata column, Row holder) {
        Cell cell = holder == null ? null : holder.cell(column.name());
        return cell == null || cell.kind() == CellKind.TOMBSTONE ? null : cell;
    }

    /** Whether the index can hold {@code vector}: cosine similarity has no direction for a zero vector. */
    boolean accepts(byte[] vector) {
        if (vector.length != dimension * Float.BYTES) {
            return false;
        }
        return similarity != VectorSimilarityFunction.COSINE || !isZero(vector);
    }

    /** Whether every component of a serialized float vector is zero (or so near it that cosine has no meaning). */
    static boolean isZero(byte[] vector) {
        ByteBuffer buffer = ByteBuffer.wrap(vector);
        double sum = 0;
        while (buffer.remaining() >= Float.BYTES) {
            float component = buffer.getFloat();
            sum += component * component;
        }
        return sum < 1e-12;
    }

    /**
     * Adds a row's vector written at {@code timestamp} (microseconds), once it is stored. A row's
     * node of an older vector is deleted, since a newer cell hides an older one for good (an
     * expired one as a tombstone of its time); a vector older than one the row's node holds is
     * hidden and not added; one the row's nodes already hold is not added twice.
     */
    void add(RowKey row, byte[] vector, long timestamp) {
        if (!accepts(vector)) {
            return;
        }
        float[] components = components(vector);
        synchronized (lockOf(row)) {
            List<Integer> live = byRow.getOrDefault(row, List.of());
            List<Integer> kept = new ArrayList<>(live.size() + 1);
            for (int ordinal : live) {
                Node node = nodes.get(ordinal);
                if (node.timestamp() > timestamp || Arrays.equals(node.vector(), components)) {
                    return;
                }
                if (node.timestamp() == timestamp) {
                    kept.add(ordinal);   // equal timestamps: which value wins, a read of the row decides
                }
            }
            if (nodes.size() - live.size() + kept.size() >= MAX_VECTORS) {
                throw new IllegalStateException("Vector index of " + column.name() + " holds " + MAX_VECTORS
                        + " vectors, its most on one node");
            }
            int ordinal = nextOrdinal.getAndIncrement();
            if (ordinal < 0 || ordinal == Integer.MAX_VALUE) {
                nextOrdinal.set(Integer.MAX_VALUE);
                throw new IllegalStateException("Vector index of " + column.name() + " ran out of graph nodes");
            }
            Node node = new Node(row, components, timestamp);
            nodes.put(ordinal, node);
            vectors.put(ordinal, VECTORS.createFloatVector(components));
            for (int older : live) {
                if (!kept.contains(older)) {
                    nodes.remove(older);
                    builder.markNodeDeleted(older);
                }
            }
            kept.add(ordinal);
            byRow.put(row, List.copyOf(kept));
            builder.addGraphNode(ordinal, vectors.getVector(ordinal));
        }
    }

    /**
     * The nodes found most similar to {@code query} (serialized), most similar first, at most
     * {@code count}, searched with a beam of {@code beam}; nodes marked deleted are not returned.
     * {@code exhausted}: the graph had fewer than {@code count} live nodes to give.
     */
    record Found(List<Neighbour> neighbours, boolean exhausted) {
    }

    Found search(byte[] query, int count, int beam) {
        if (nodes.isEmpty()) {
            return new Found(List.of(), true);
        }
        VectorFloat<?> target = VECTORS.createFloatVector(components(query));
        SearchResult result;
        try (GraphSearcher searcher = new GraphSearcher(builder.getGraph())) {
            SearchScoreProvider scores = SearchScoreProvider.exact(target, similarity, vectors);
            // No threshold: jvector's scores of dissimilar vectors (a negative dot product) are
            // below zero, and they are neighbours too when nothing nearer is left.
            result = searcher.search(scores, count, Math.max(count, beam), Float.NEGATIVE_INFINITY,
                    Float.NEGATIVE_INFINITY, Bits.ALL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Neighbour> found = new ArrayList<>(result.getNodes().length);
        for (SearchResult.NodeScore node : result.getNodes()) {
            Node held = nodes.get(node.node);
            if (held != null) {   // null: deleted since the search saw it
                found.add(new Neighbour(node.node, held.row(), held.vector(), node.score));
            }
        }
        return new Found(found, result.getNodes().length < count);
    }

    /**
     * Marks {@code neighbour}'s node deleted if its row, read again under the row's lock by
     * {@code stillHolds}, does not hold its vector: from then on no search returns it.
     */
    void forgetIfStale(Neighbour neighbour, Predicate<Neighbour> stillHolds) {
        synchronized (lockOf(neighbour.row())) {
            List<Integer> live = byRow.get(neighbour.row());
            if (live == null || !live.contains(neighbour.ordinal()) || stillHolds.test(neighbour)) {
                return;
            }
            List<Integer> rest = new ArrayList<>(live);
            rest.remove(Integer.valueOf(neighbour.ordinal()));
            if (rest.isEmpty()) {
                byRow.remove(neighbour.row());
            } else {
                byRow.put(neighbour.row(), List.copyOf(rest));
            }
            nodes.remove(neighbour.ordinal());
            builder.markNodeDeleted(neighbour.ordinal());
        }
    }

    private Object lockOf(RowKey row) {
        return locks[Math.floorMod(row.hashCode(), locks.length)];
    }

    /** A serialized vector<float, N> (N big-endian floats) as jvector's vector. */
    static VectorFloat<?> toFloats(byte[] vector) {
        return VECTORS.createFloatVector(components(vector));
    }

    /** The components of a serialized vector<float, N>. */
    static float[] components(byte[] vector) {
        if (vector.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("A vector of floats of " + vector.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(vector);
        float[] components = new float[vector.length / Float.BYTES];
        for (int i = 0; i < components.length; i++) {
            components[i] = buffer.getFloat();
        }
        return components;
    }

    /** The dimension of the indexed vectors. */
    int dimension() {
        return dimension;
    }

    /**
     * The graph's vectors by ordinal, for jvector: a node's vector is put before the node is
     * added, and stays (a deleted node's too: the graph may still pass through it).
     */
    private final class Vectors implements RandomAccessVectorValues {
        private final ConcurrentHashMap<Integer, VectorFloat<?>> byOrdinal = new ConcurrentHashMap<>();

        void put(int ordinal, VectorFloat<?> vector) {
            byOrdinal.put(ordinal, vector);
        }

        @Override
        public int size() {
            return nextOrdinal.get();
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public VectorFloat<?> getVector(int ordinal) {
            return byOrdinal.get(ordinal);
        }

        @Override
        public boolean isValueShared() {
            return false;
        }

        @Override
        public RandomAccessVectorValues copy() {
            return this;
        }
    }
}
