package io.cairn.node.index;

import io.cairn.node.messages.IndexExpression;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.Slice;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TokenRange;

import io.cairn.storage.Cell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * A replica's part of a nearest-neighbour search ({@code ORDER BY v ANN OF [...] LIMIT k}): the
 * {@code k} rows of a token range whose vectors are most similar to the query's, among those that
 * hold the expression given with it, as one page in scan order (the coordinator orders the rows
 * of all replicas by similarity, which it computes again on the rows it reconciled).
 *
 * <p>With a ready graph ({@link VectorIndex}), the search asks the graph for more neighbours than
 * it needs, reads each one's row and keeps it if the row still holds that vector and lies in the
 * range, asking for four times as many while too few are kept. It reads the rows instead, and
 * computes every similarity, when the graph is not ready, the range is one token (a partition),
 * the read is restricted to some rows of a partition, another expression restricts the rows
 * (they are found through its index, then compared), or the graph, searched wide, still leaves
 * too few. Memory stays bounded by {@code k} either way.
 */
final class VectorSearch {

    /** How many neighbours a graph search asks for, at least, and per neighbour wanted. */
    static final int MIN_CANDIDATES = 32;
    static final int CANDIDATES_PER_NEIGHBOUR = 2;
    /** How many times a graph search widens (4x each) before the rows are read instead. */
    static final int MAX_WIDENINGS = 3;
    /** The beam of a graph search, at least: wider finds nearer neighbours, at more cost. */
    static final int MIN_BEAM = 100;
    /** Rows read per step when the rows are compared one by one. */
    static final int READ_CHUNK = 1_000;

    private final StorageEngine storage;
    private final IndexScanner restricted;
    /** This replica's time, in seconds: what a node's row is read again at before the node is deleted. */
    private final java.util.function.LongSupplier nowSeconds;

    VectorSearch(StorageEngine storage, IndexScanner restricted, java.util.function.LongSupplier nowSeconds) {
        this.storage = storage;
        this.restricted = restricted;
        this.nowSeconds = nowSeconds;
    }

    /** One row (or a partition's static row alone) found, with its similarity and the order it was found in. */
    private record Found(PartitionKey key, Row staticRow, Row row, float score, long order) {
    }

    /**
     * The page of the search: the nearest rows of {@code range} after {@code from} (null: all of
     * it; a page of the range may have come from a replica that reads it whole, without the index).
     */
    ScanPage search(TableMetadata table, TokenRange range, ScanPosition from, ReadFilter filter, IndexMatcher matcher,
                    VectorIndex graph) {
        IndexExpression expression = matcher.expression();
        int wanted = expression.neighbours();
        byte[] query = expression.values().get(0);
        ColumnMetadata column = matcher.values().column();
        VectorSimilarity.Scorer similarity = VectorSimilarity.to(matcher.values().index().similarityFunction(), query);
        boolean onePartition = range.start() == range.end()
                || range.start() + 1 == range.end() && !range.startInclusive() && range.endInclusive();
        boolean someRows = !filter.slices().equals(List.of(Slice.ALL));
        if (graph != null && query.length != graph.dimension() * Float.BYTES) {
            throw new IllegalArgumentException("A query vector of " + query.length + " bytes for an index of "
                    + graph.dimension() + " dimensions");
        }
        if (graph == null || !graph.isReady() || onePartition || someRows || !expression.restrictions().isEmpty()) {
            return page(compareAll(table, range, from, filter, matcher, column, query, wanted, similarity));
        }
        List<Found> found = searchGraph(table, range, from, filter, matcher, column, query, wanted, graph);
        if (found == null) {
            found = compareAll(table, range, from, filter, matcher, column, query, wanted, similarity);
        }
        return page(found);
    }

    /**
     * The nearest rows through the graph, or null when it cannot find enough of them (searched
     * as wide as it may): then every row is compared.
     */
    private List<Found> searchGraph(TableMetadata table, TokenRange range, ScanPosition from, ReadFilter filter,
                                    IndexMatcher matcher, ColumnMetadata column, byte[] query, int wanted,
                                    VectorIndex graph) {
        int candidates = Math.max(MIN_CANDIDATES, wanted * CANDIDATES_PER_NEIGHBOUR);
        ReadFilter again = new ReadFilter(filter.columns(), filter.slices(), filter.reversed(), filter.rowLimit(),
                filter.perPartitionLimit(), nowSeconds.getAsLong(), filter.droppedColumns());
        for (int widening = 0; widening <= MAX_WIDENINGS; widening++) {
            VectorIndex.Found searched = graph.search(query, candidates, Math.max(MIN_BEAM, candidates));
            List<Found> found = new ArrayList<>(wanted);
            long order = 0;
            for (VectorIndex.Neighbour neighbour : searched.neighbours()) {
                if (found.size() >= wanted) {
                    break;
                }
                PartitionKey key = neighbour.row().partition();
                if (!range.contains(key.token()) || !after(from, key, neighbour.row().clustering())) {
                    continue;
                }
                PartitionData data = read(table, neighbour.row(), filter, wanted);
                if (!holds(column, data, neighbour)) {
                    // Read again at this replica's own time: a coordinator's clock ahead of it
                    // must not make it forget a row whose TTL has not run out here.
                    graph.forgetIfStale(neighbour, stale -> holds(column, read(table, stale.row(), again, 1), stale));
                    continue;
                }
                if (column.isStatic()) {
                    if (data.rows().isEmpty()) {
                        if (matcher.matches(key, data.staticRow(), null)) {
                            found.add(new Found(key, data.staticRow(), null, neighbour.score(), order++));
                        }
                        continue;
                    }
                    for (Row row : data.rows()) {
                        if (found.size() < wanted && after(from, key, row.clustering())
                                && matcher.matches(key, data.staticRow(), row)) {
                            found.add(new Found(key, data.staticRow(), row, neighbour.score(), order++));
                        }
                    }
                } else if (matcher.matches(key, data.staticRow(), data.rows().get(0))) {
                    found.add(new Found(key, data.staticRow(), data.rows().get(0), neighbour.score(), order++));
                }
            }
            if (found.size() >= wanted || searched.exhausted()) {
                return found;   // enough, or every vector the graph holds was looked at
            }
            candidates *= 4;
        }
        return null;
    }

    /** Whether a row lies after {@code from} in scan order (every row does when it is null). */
    private static boolean after(ScanPosition from, PartitionKey key, Clustering clustering) {
        if (from == null) {
            return true;
        }
        int partition = key.compareTo(from.partition());
        if (partition != 0) {
            return partition > 0;
        }
        return from.lastRow() != null && clustering != null && clustering.compareTo(from.lastRow()) > 0;
    }

    /**
     * The row a graph node names, read now (for a static column's node, its partition's static
     * row and at most {@code rows} of its rows).
     */
    private PartitionData read(TableMetadata table, VectorIndex.RowKey row, ReadFilter filter, int rows) {
        ReadFilter one = row.clustering() == null ? filter.withRowLimit(rows)
                : filter.withSlices(List.of(Slice.prefixedBy(row.clustering()))).withRowLimit(1);
        return storage.read(table.tableId(), row.partition(), one);
    }

    /** Whether the row (or partition) read still holds the node's vector. */
    private static boolean holds(ColumnMetadata column, PartitionData data, VectorIndex.Neighbour neighbour) {
        Row holder;
        if (column.isStatic()) {
            holder = data.staticRow();
        } else {
            holder = data.rows().isEmpty() ? null : data.rows().get(0);
            if (holder != null && !holder.clustering().equals(neighbour.row().clustering())) {
                holder = null;
            }
        }
        Cell vector = VectorIndex.cellOf(column, holder);
        return vector != null && Arrays.equals(VectorIndex.components(vector.value()), neighbour.vector());
    }

    /**
     * Every row of the range the read selects (through the restricting expression's index when
     * there is one), compared with the query: the {@code wanted} most similar.
     */
    private List<Found> compareAll(TableMetadata table, TokenRange range, ScanPosition from, ReadFilter filter,
                                   IndexMatcher matcher, ColumnMetadata column, byte[] query, int wanted,
                                   VectorSimilarity.Scorer similarity) {
        // The least similar of those kept is at the head, and among equals the last found.
        PriorityQueue<Found> nearest = new PriorityQueue<>(Comparator.comparingDouble(Found::score)
                .thenComparing(Comparator.comparingLong(Found::order).reversed()));
        // Through the first restriction's index when there is one (the matcher tests them all).
        List<IndexExpression> restrictions = matcher.expression().restrictions();
        IndexExpression restriction = restrictions.isEmpty() ? null : restrictions.get(0);
        ScanPosition position = from;
        long order = 0;
        do {
            ReadFilter chunk = filter.withRowLimit(READ_CHUNK);
            ScanPage page = restriction != null && restricted != null
                    ? restricted.scan(table, range, position, chunk, restriction)
                    : storage.scan(table.tableId(), range, position, chunk);
            for (PartitionData partition : page.partitions()) {
                if (partition.rows().isEmpty()) {
                    order = offer(nearest, wanted, column, query, similarity, matcher, partition, null, order);
                }
                for (Row row : partition.rows()) {
                    order = offer(nearest, wanted, column, query, similarity, matcher, partition, row, order);
                }
            }
            position = page.hasMorePages() ? page.next() : null;
        } while (position != null);
        List<Found> found = new ArrayList<>(nearest);
        found.sort(Comparator.comparingDouble(Found::score).reversed().thenComparingLong(Found::order));
        return found;
    }

    private static long offer(PriorityQueue<Found> nearest, int wanted, ColumnMetadata column, byte[] query,
                              VectorSimilarity.Scorer similarity, IndexMatcher matcher, PartitionData partition,
                              Row row, long order) {
        Row holder = column.isStatic() ? partition.staticRow() : row;
        Cell vector = VectorIndex.cellOf(column, holder);
        if (vector == null || vector.value().length != query.length
                || !matcher.matches(partition.key(), partition.staticRow(), row)) {
            return order;
        }
        float score = similarity.score(vector.value());
        if (Float.isNaN(score)) {
            return order;   // a zero vector under cosine similarity: no direction to compare
        }
        nearest.add(new Found(partition.key(), partition.staticRow(), row, score, order));
        if (nearest.size() > wanted) {
            nearest.poll();
        }
        return order + 1;
    }

    /** The rows found, as a page in scan order (token, partition key, clustering), with nothing after it. */
    private static ScanPage page(List<Found> found) {
        TreeMap<PartitionKey, List<Found>> byPartition = new TreeMap<>();
        for (Found one : found) {
            byPartition.computeIfAbsent(one.key(), key -> new ArrayList<>()).add(one);
        }
        List<PartitionData> partitions = new ArrayList<>(byPartition.size());
        for (List<Found> rows : byPartition.values()) {
            List<Row> sorted = new ArrayList<>(rows.size());
            for (Found one : rows) {
                if (one.row() != null) {
                    sorted.add(one.row());
                }
            }
            sorted.sort(Comparator.comparing(Row::clustering, Comparator.<Clustering>naturalOrder()));
            partitions.add(new PartitionData(rows.get(0).key(), rows.get(0).staticRow(), sorted));
        }
        return new ScanPage(partitions, null);
    }
}
