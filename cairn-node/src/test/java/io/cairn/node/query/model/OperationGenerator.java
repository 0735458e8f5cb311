package io.cairn.node.query.model;

import io.cairn.common.token.Murmur3Partitioner;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Turns a seed into one operation on a generated table: writes of every kind (INSERT with its
 * columns in a random order, UPDATE, DELETE of a partition, a row, a range, a column), as plain,
 * prepared or batched statements, and reads through every kind of restriction.
 */
public final class OperationGenerator {

    private final TableSpec table;
    private final SplittableRandom random;

    private OperationGenerator(TableSpec table, long seed) {
        this.table = table;
        this.random = new SplittableRandom(seed);
    }

    public static Operation generate(TableSpec table, long seed) {
        return new OperationGenerator(table, seed).operation();
    }

    private Operation operation() {
        int kind = random.nextInt(100);
        if (kind < 45) {
            Operation.Mode mode = random.nextBoolean() ? Operation.Mode.PLAIN : Operation.Mode.PREPARED;
            Mutation mutation = mutation(key(), true);
            return new Operation.Write(mode, List.of(mutation), List.of(mode == Operation.Mode.PREPARED),
                    mutation.render(table, false).cql());
        }
        if (kind < 55) {
            return batch();
        }
        ReadQuery query = read();
        return new Operation.Read(query, query.describe(table));
    }

    /**
     * A batch over several partitions, or over several rows of one partition. All its statements
     * share one timestamp, so no two of them write the same cell.
     */
    private Operation batch() {
        List<Mutation> mutations = new ArrayList<>();
        int size = random.nextInt(2, 5);
        if (!table.clustering().isEmpty() && random.nextBoolean()) {
            List<Value> key = key();
            List<List<Value>> rows = new ArrayList<>();
            for (int attempt = 0; attempt < 10 && mutations.size() < size; attempt++) {
                List<Value> clustering = fullClustering();
                if (!rows.contains(clustering)) {
                    rows.add(clustering);
                    mutations.add(rowMutation(key, clustering));
                }
            }
        } else {
            List<List<Value>> keys = new ArrayList<>();
            for (int attempt = 0; attempt < 10 && mutations.size() < size; attempt++) {
                List<Value> key = key();
                if (!keys.contains(key)) {
                    keys.add(key);
                    mutations.add(mutation(key, false));
                }
            }
        }
        List<Boolean> isPrepared = mutations.stream().map(mutation -> random.nextBoolean()).toList();
        String description = "BEGIN BATCH " + mutations.stream().map(mutation -> mutation.render(table, false).cql())
                .collect(Collectors.joining("; ")) + "; APPLY BATCH";
        return new Operation.Write(Operation.Mode.BATCH, mutations, isPrepared, description);
    }

    /** An INSERT, UPDATE or DELETE of one row that leaves the static columns alone. */
    private Mutation rowMutation(List<Value> key, List<Value> clustering) {
        int kind = random.nextInt(10);
        if (kind < 2) {
            List<Relation> relations = new ArrayList<>();
            for (int i = 0; i < clustering.size(); i++) {
                relations.add(Relation.single(i, table.clustering().get(i), Relation.Operator.EQ,
                        List.of(clustering.get(i))));
            }
            return new Mutation.Deletion(key, relations, null);
        }
        Mutation.Upsert upsert = (Mutation.Upsert) upsert(key, clustering, kind < 7);
        List<Mutation.Assignment> regular = upsert.assignments().stream()
                .filter(assignment -> !assignment.column().isStatic()).toList();
        if (!upsert.isInsert() && regular.isEmpty()) {
            Column column = table.regulars().get(0);
            regular = List.of(new Mutation.Assignment(column, column.type().random(random, false)));
        }
        return new Mutation.Upsert(key, clustering, regular, upsert.isInsert(), upsert.shuffleSeed());
    }

    private Value pick(Column column) {
        return column.pool().get(random.nextInt(column.pool().size()));
    }

    private List<Value> key() {
        return table.partitionKey().stream().map(this::pick).toList();
    }

    private List<Value> fullClustering() {
        return table.clustering().stream().map(this::pick).toList();
    }

    private Mutation mutation(List<Value> key, boolean mayDeleteRanges) {
        int kind = random.nextInt(100);
        boolean hasStatics = !table.statics().isEmpty();
        if (kind < 45) {
            return upsert(key, fullClustering(), true);
        }
        if (kind < 55 && hasStatics) {
            return upsert(key, null, random.nextBoolean());
        }
        if (kind < 72) {
            return upsert(key, fullClustering(), false);
        }
        List<Relation> rowRelations = new ArrayList<>();
        for (int i = 0; i < table.clustering().size(); i++) {
            rowRelations.add(Relation.single(i, table.clustering().get(i), Relation.Operator.EQ,
                    List.of(pick(table.clustering().get(i)))));
        }
        if (kind < 82) {
            return new Mutation.Deletion(key, rowRelations, null);
        }
        if (kind < 88) {
            Column column = table.regulars().get(random.nextInt(table.regulars().size()));
            return new Mutation.Deletion(key, rowRelations, column);
        }
        if (kind < 94 && mayDeleteRanges && !table.clustering().isEmpty()) {
            int prefix = random.nextInt(table.clustering().size());
            List<Relation> relations = new ArrayList<>(rowRelations.subList(0, prefix));
            if (prefix == 0 || random.nextBoolean()) {
                relations.addAll(slice(prefix));
            }
            return new Mutation.Deletion(key, relations, null);
        }
        return new Mutation.Deletion(key, List.of(), null);
    }

    /** An INSERT or UPDATE of a row, or of the static columns only when {@code clustering} is null. */
    private Mutation upsert(List<Value> key, List<Value> clustering, boolean isInsert) {
        List<Mutation.Assignment> assignments = new ArrayList<>();
        for (Column column : table.statics()) {
            if (random.nextInt(3) > 0) {
                assignments.add(new Mutation.Assignment(column, column.type().random(random, false)));
            }
        }
        if (clustering == null) {
            if (assignments.isEmpty()) {
                Column column = table.statics().get(0);
                assignments.add(new Mutation.Assignment(column, column.type().random(random, false)));
            }
        } else {
            int before = assignments.size();
            for (Column column : table.regulars()) {
                if (random.nextInt(3) > 0) {
                    Value value = random.nextInt(8) == 0 ? null : column.type().random(random, false);
                    assignments.add(new Mutation.Assignment(column, value));
                }
            }
            if (!isInsert && assignments.size() == before) {
                Column column = table.regulars().get(random.nextInt(table.regulars().size()));
                assignments.add(new Mutation.Assignment(column, column.type().random(random, false)));
            }
        }
        return new Mutation.Upsert(key, clustering, assignments, isInsert, random.nextLong());
    }

    /** A value for a clustering column: usually one of its pool, sometimes any value of its type. */
    private Value boundValue(Column column) {
        return random.nextInt(5) == 0 ? column.type().random(random, false) : pick(column);
    }

    /** One or two bounds on clustering column {@code index}. */
    private List<Relation> slice(int index) {
        Column column = table.clustering().get(index);
        List<Relation> relations = new ArrayList<>();
        int shape = random.nextInt(3);
        if (shape != 1) {
            relations.add(Relation.single(index, column, random.nextBoolean() ? Relation.Operator.GT
                    : Relation.Operator.GE, List.of(boundValue(column))));
        }
        if (shape != 0) {
            relations.add(Relation.single(index, column, random.nextBoolean() ? Relation.Operator.LT
                    : Relation.Operator.LE, List.of(boundValue(column))));
        }
        return relations;
    }

    private List<Value> values(Column column) {
        List<Value> values = new ArrayList<>();
        int count = random.nextInt(1, 4);
        for (int i = 0; i < count; i++) {
            values.add(pick(column));
        }
        return values;
    }

    private ReadQuery read() {
        int kind = random.nextInt(10);
        int limit = random.nextInt(4) == 0 ? random.nextInt(1, 6) : 0;
        int pageSize = random.nextBoolean() ? random.nextInt(1, 5) : 0;
        boolean isBound = random.nextInt(3) == 0;
        long selectionSeed = random.nextBoolean() ? 0 : random.nextLong();
        if (kind < 2) {
            int perPartitionLimit = random.nextInt(5) == 0 ? random.nextInt(1, 4) : 0;
            return new ReadQuery(false, null, null, List.of(), null, 0, false, limit, perPartitionLimit,
                    pageSize, isBound, selectionSeed);
        }
        if (kind == 2) {
            long first = token(key());
            long second = token(key());
            long[] bounds = random.nextInt(5) == 0 ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE}
                    : new long[] {Math.min(first, second) - random.nextInt(2), Math.max(first, second)};
            return new ReadQuery(random.nextInt(3) == 0, null, null, List.of(), bounds, 0, false, limit, 0,
                    pageSize, isBound, selectionSeed);
        }
        List<List<Value>> keyValues = new ArrayList<>();
        List<Boolean> keyIsIn = new ArrayList<>();
        for (Column column : table.partitionKey()) {
            boolean isIn = random.nextInt(10) < 3;
            keyIsIn.add(isIn);
            keyValues.add(isIn ? values(column) : List.of(pick(column)));
        }
        if (kind == 3) {
            boolean isScan = random.nextBoolean();
            return new ReadQuery(true, isScan ? null : keyValues, isScan ? null : keyIsIn, List.of(), null, 0,
                    false, limit, 0, pageSize, isBound, selectionSeed);
        }
        List<Relation> relations = table.clustering().isEmpty() || random.nextInt(10) < 3 ? List.of()
                : random.nextInt(10) < 7 ? singleColumnRelations() : List.of(multiColumnRelation());
        int orderByColumns = 0;
        boolean isReversed = false;
        if (!table.clustering().isEmpty() && random.nextInt(10) < 4) {
            orderByColumns = random.nextInt(1, table.clustering().size() + 1);
            isReversed = random.nextBoolean();
            if (keyIsIn.contains(true) && random.nextInt(4) > 0) {
                pageSize = 0;
            }
        }
        int perPartitionLimit = random.nextInt(5) == 0 ? random.nextInt(1, 4) : 0;
        return new ReadQuery(false, keyValues, keyIsIn, relations, null, orderByColumns, isReversed, limit,
                perPartitionLimit, pageSize, isBound, selectionSeed);
    }

    /** EQ or IN on the first clustering columns, then maybe one or two bounds on the next. */
    private List<Relation> singleColumnRelations() {
        int prefix = random.nextInt(table.clustering().size() + 1);
        List<Relation> relations = new ArrayList<>();
        for (int i = 0; i < prefix; i++) {
            Column column = table.clustering().get(i);
            relations.add(random.nextInt(3) == 0 ? Relation.single(i, column, Relation.Operator.IN, values(column))
                    : Relation.single(i, column, Relation.Operator.EQ, List.of(pick(column))));
        }
        if (prefix < table.clustering().size() && random.nextBoolean()) {
            relations.addAll(slice(prefix));
        }
        return relations;
    }

    private Relation multiColumnRelation() {
        // Multi-column IN, and slices over columns of mixed ASC/DESC order, are refused ("not
        // supported yet"), so they are not generated.
        Relation.Operator[] operators = {Relation.Operator.EQ, Relation.Operator.GT, Relation.Operator.GE,
                Relation.Operator.LT, Relation.Operator.LE};
        Relation.Operator operator = operators[random.nextInt(operators.length)];
        int maxSize = table.clustering().size();
        if (operator.isSlice()) {
            maxSize = 1;
            while (maxSize < table.clustering().size() && table.clustering().get(maxSize).isDescending()
                    == table.clustering().get(0).isDescending()) {
                maxSize++;
            }
        }
        int size = random.nextInt(1, maxSize + 1);
        List<Column> columns = table.clustering().subList(0, size);
        List<List<Value>> tuples = new ArrayList<>();
        int count = operator == Relation.Operator.IN ? random.nextInt(1, 4) : 1;
        for (int i = 0; i < count; i++) {
            tuples.add(columns.stream().map(column -> operator.isSlice() ? boundValue(column) : pick(column))
                    .toList());
        }
        return new Relation(0, List.copyOf(columns), operator, tuples, true);
    }

    private static long token(List<Value> key) {
        return Murmur3Partitioner.token(TableSpec.partitionKeyBytes(key));
    }
}
