package io.cairn.node.query.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** A generated table: its columns by kind, and the key values statements draw from. */
public record TableSpec(List<Column> partitionKey, List<Column> clustering, List<Column> statics,
                        List<Column> regulars) {

    /**
     * Builds a table from generated column types; {@code descending} says which clustering columns
     * are DESC. Static columns need a clustering column, so they are dropped without one.
     */
    public static TableSpec of(List<GeneratedType> keyTypes, List<GeneratedType> clusteringTypes,
                               List<Boolean> descending, List<GeneratedType> staticTypes,
                               List<GeneratedType> regularTypes, long valueSeed) {
        SplittableRandom random = new SplittableRandom(valueSeed);
        List<Column> key = new ArrayList<>();
        for (int i = 0; i < keyTypes.size(); i++) {
            key.add(new Column("k" + i, keyTypes.get(i), Column.Kind.PARTITION_KEY, false,
                    pool(keyTypes.get(i), random, 3, true)));
        }
        List<Column> clustering = new ArrayList<>();
        for (int i = 0; i < clusteringTypes.size(); i++) {
            clustering.add(new Column("c" + i, clusteringTypes.get(i), Column.Kind.CLUSTERING, descending.get(i),
                    pool(clusteringTypes.get(i), random, 4, false)));
        }
        List<Column> statics = new ArrayList<>();
        for (int i = 0; i < (clustering.isEmpty() ? 0 : staticTypes.size()); i++) {
            statics.add(new Column("s" + i, staticTypes.get(i), Column.Kind.STATIC, false, List.of()));
        }
        List<Column> regulars = new ArrayList<>();
        for (int i = 0; i < regularTypes.size(); i++) {
            regulars.add(new Column("v" + i, regularTypes.get(i), Column.Kind.REGULAR, false, List.of()));
        }
        return new TableSpec(List.copyOf(key), List.copyOf(clustering), List.copyOf(statics), List.copyOf(regulars));
    }

    /** Distinct values; a partition key component cannot be empty, a clustering value can. */
    private static List<Value> pool(GeneratedType type, SplittableRandom random, int size, boolean nonEmpty) {
        List<Value> values = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && values.size() < size; attempt++) {
            Value value = type.random(random, nonEmpty);
            if (!values.contains(value)) {
                values.add(value);
            }
        }
        return List.copyOf(values);
    }

    /** Every column in the order SELECT lists them: key, clustering, static, regular. */
    public List<Column> columns() {
        return Stream.of(partitionKey, clustering, statics, regulars).flatMap(List::stream).toList();
    }

    public List<Column> nonKeyColumns() {
        return Stream.of(statics, regulars).flatMap(List::stream).toList();
    }

    /** Cassandra's partition key bytes: the value alone, or each component length-prefixed and 0-terminated. */
    public static byte[] partitionKeyBytes(List<Value> key) {
        if (key.size() == 1) {
            return key.get(0).bytes();
        }
        int size = key.stream().mapToInt(value -> value.bytes().length + 3).sum();
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (Value value : key) {
            buffer.putShort((short) value.bytes().length).put(value.bytes()).put((byte) 0);
        }
        return buffer.array();
    }

    public String createTable(String name) {
        StringBuilder cql = new StringBuilder("CREATE TABLE ").append(name).append(" (");
        for (Column column : columns()) {
            cql.append(column.name()).append(' ').append(column.type().cql())
                    .append(column.isStatic() ? " static" : "").append(", ");
        }
        cql.append("PRIMARY KEY ((").append(String.join(", ", names(partitionKey))).append(')');
        for (Column column : clustering) {
            cql.append(", ").append(column.name());
        }
        cql.append("))");
        if (!clustering.isEmpty()) {
            List<String> orders = clustering.stream()
                    .map(column -> column.name() + (column.isDescending() ? " DESC" : " ASC")).toList();
            cql.append(" WITH CLUSTERING ORDER BY (").append(String.join(", ", orders)).append(')');
        }
        return cql.toString();
    }

    static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    @Override
    public String toString() {
        return createTable("t") + " -- key values " + Stream.of(partitionKey, clustering).flatMap(List::stream)
                .map(column -> column.name() + "=" + column.pool()).toList();
    }
}
