package io.cairn.node.index;

import io.cairn.cql.type.MapType;
import io.cairn.node.messages.IndexExpression;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a row holds an index expression, decided on the values the index holds for it
 * ({@link IndexedValues}), encoded: equal encodings are equal values (text as the index
 * analyses it), and encodings sort as values do. A nearest-neighbour search matches every row
 * that has a vector (and holds the expression given with it): which of them are nearest is
 * decided on their vectors, after.
 */
public final class IndexMatcher {

    private final IndexedValues values;
    private final IndexExpression expression;
    /** EQ, CONTAINS, CONTAINS_KEY, ENTRY: the encoded value; RANGE: null. */
    private final byte[] point;
    /** RANGE: the encoded ends, null when open. */
    private final byte[] start;
    private final byte[] end;
    /** ANN: the matchers of the expressions given with the search (none: empty). */
    private final List<IndexMatcher> restrictions;

    IndexMatcher(IndexedValues values, IndexExpression expression, List<IndexMatcher> restrictions) {
        this.values = values;
        this.expression = expression;
        this.restrictions = List.copyOf(restrictions);
        List<byte[]> given = expression.values();
        switch (expression.operator()) {
            case ANN -> {
                point = null;
                start = null;
                end = null;
            }
            case RANGE -> {
                point = null;
                start = given.get(0) == null ? null : values.encode(values.valueType(), ByteBuffer.wrap(given.get(0)));
                end = given.get(1) == null ? null : values.encode(values.valueType(), ByteBuffer.wrap(given.get(1)));
            }
            case ENTRY -> {
                MapType map = (MapType) values.column().type();
                point = IndexKeys.entryKey(map.keys(), values.index().analysed(map.keys(),
                                ByteBuffer.wrap(given.get(0))), map.values(),
                        values.index().analysed(map.values(), ByteBuffer.wrap(given.get(1))));
                start = null;
                end = null;
            }
            default -> {
                point = values.encode(values.valueType(), ByteBuffer.wrap(given.get(0)));
                start = null;
                end = null;
            }
        }
    }

    IndexedValues values() {
        return values;
    }

    /** The encoded value an equality looks up; null for a range. */
    byte[] point() {
        return point;
    }

    /** A range's encoded start, or null (open, or not a range). */
    byte[] start() {
        return start;
    }

    /** A range's encoded end, or null (open, or not a range). */
    byte[] end() {
        return end;
    }

    /** Whether the index's partition of encoded value {@code encoded} holds rows that match. */
    boolean admits(byte[] encoded) {
        if (point != null) {
            return Arrays.equals(point, encoded);
        }
        if (start != null) {
            int cmp = Arrays.compareUnsigned(encoded, start);
            if (cmp < 0 || cmp == 0 && !expression.startInclusive()) {
                return false;
            }
        }
        if (end != null) {
            int cmp = Arrays.compareUnsigned(encoded, end);
            return cmp < 0 || cmp == 0 && expression.endInclusive();
        }
        return true;
    }

    /**
     * Whether a row matches: {@code row} a regular row (null for a partition with no rows read),
     * {@code staticRow} its partition's static row (null: none). An entry of a static column or a
     * partition key column matches every row of its partition.
     */
    boolean matches(PartitionKey key, Row staticRow, Row row) {
        Row holder = values.column().isStatic() ? staticRow : row;
        for (IndexMatcher restriction : restrictions) {
            if (!restriction.matches(key, staticRow, row)) {
                return false;
            }
        }
        if (expression.operator() == IndexExpression.Operator.ANN) {
            return VectorIndex.cellOf(values.column(), holder) != null;
        }
        for (IndexedValues.Value value : values.of(key, holder)) {
            if (admits(value.encoded())) {
                return true;
            }
        }
        return false;
    }

    /** The search this matcher belongs to. */
    IndexExpression expression() {
        return expression;
    }

    /** The page with only the rows that match (a partition left with none is left out); its next position is kept. */
    public ScanPage filter(ScanPage page) {
        List<PartitionData> kept = new ArrayList<>(page.partitions().size());
        for (PartitionData partition : page.partitions()) {
            if (values.isPartitionLevel() && (restrictions.isEmpty() || partition.rows().isEmpty())) {
                if (matches(partition.key(), partition.staticRow(), null)) {
                    kept.add(partition);
                }
                continue;
            }
            List<Row> rows = new ArrayList<>(partition.rows().size());
            for (Row row : partition.rows()) {
                if (matches(partition.key(), partition.staticRow(), row)) {
                    rows.add(row);
                }
            }
            if (!rows.isEmpty()) {
                kept.add(new PartitionData(partition.key(), partition.staticRow(), rows));
            }
        }
        return new ScanPage(kept, page.next());
    }
}
