package io.cairn.node.query;

import io.cairn.node.schema.TableLayout;

import io.cairn.cql.ast.ComparisonOperator;
import io.cairn.cql.ast.Relation;
import io.cairn.cql.ast.Term;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.TupleType;
import io.cairn.node.schema.ColumnKind;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WHERE clause of a statement, sorted by what it restricts: partition key values (EQ/IN),
 * a token range, clustering columns (EQ/IN prefix, then one slice), and everything else,
 * which can only be applied by filtering rows after reading them.
 *
 * <p>Analysis applies Cassandra's rules and messages; {@link #isFilteringNeeded()} tells the
 * SELECT whether ALLOW FILTERING is required.
 */
public final class Restrictions {

    /** Values of one key column: EQ gives one term, IN several, IN ? one list-typed term. */
    public record KeyValues(ColumnMetadata column, List<BoundTerm> values, BoundTerm listMarker) {
    }

    /**
     * {@code (a, b) IN (...)}: whole values of the leading clustering columns, each a tuple, or
     * (a bind marker) a list of them.
     */
    public record ClusteringTuples(List<ColumnMetadata> columns, List<BoundTerm> tuples, BoundTerm listMarker) {
    }

    /** One end of a slice: single column, or a tuple for multi-column slices. */
    public record Bound(BoundTerm value, boolean inclusive) {
    }

    /**
     * A slice on clustering columns: one column compared with values, or (multi-column) a
     * tuple of leading columns compared with tuples.
     */
    public record ClusteringSlice(List<ColumnMetadata> columns, Bound start, Bound end, boolean isMultiColumn) {
    }

    /** A predicate applied to rows after reading. */
    public record Filter(ColumnMetadata column, Kind kind, ComparisonOperator operator, List<BoundTerm> values,
                         BoundTerm listMarker) {
        /** ELEMENT compares a map's value at a key: its values are the key, then the value compared with. */
        public enum Kind { COMPARE, IN, CONTAINS, CONTAINS_KEY, NOT_NULL, ELEMENT }
    }

    private final TableMetadata table;
    private final Map<ColumnMetadata, KeyValues> partitionKey = new LinkedHashMap<>();
    private final Map<ColumnMetadata, KeyValues> clusteringEq = new LinkedHashMap<>();
    private ClusteringSlice clusteringSlice;
    private Bound tokenStart;
    private Bound tokenEnd;
    private final List<Filter> filters = new ArrayList<>();
    private boolean partitionKeyFiltered;
    /** Primary key columns restricted by {@code =} (not IN), which GROUP BY may pass over. */
    private final java.util.Set<ColumnMetadata> equalities = new java.util.HashSet<>();
    /** Multi-column INs, each over a run of clustering columns, in clustering order. */
    private final List<ClusteringTuples> clusteringTuples = new ArrayList<>();
    /** Why the restrictions need ALLOW FILTERING, when Cassandra says more than that they do; or null. */
    private String unfilteredRefusal;

    private Restrictions(TableMetadata table) {
        this.table = table;
    }

    public static Restrictions analyze(TableMetadata table, List<Relation> where, TermAnalyzer terms) {
        Restrictions restrictions = new Restrictions(table);
        for (Relation relation : where) {
            restrictions.add(relation, terms);
        }
        restrictions.organizeClustering();
        restrictions.organizePartitionKey();
        return restrictions;
    }

    /** Restrictions giving each primary key column one value, as INSERT JSON needs. */
    static Restrictions forKeys(TableMetadata table, Map<ColumnMetadata, BoundTerm> values) {
        Restrictions restrictions = new Restrictions(table);
        for (Map.Entry<ColumnMetadata, BoundTerm> entry : values.entrySet()) {
            KeyValues keyValues = new KeyValues(entry.getKey(), List.of(entry.getValue()), null);
            if (entry.getKey().kind() == ColumnKind.PARTITION_KEY) {
                restrictions.partitionKey.put(entry.getKey(), keyValues);
            } else {
                restrictions.clusteringEq.put(entry.getKey(), keyValues);
            }
        }
        return restrictions;
    }

    private ColumnMetadata column(String name) {
        ColumnMetadata column = table.column(name);
        if (column == null) {
            throw CqlException.invalid("Undefined column name " + name + " in table " + table);
        }
        return column;
    }

    private static ResultColumn receiver(ColumnMetadata column, TableMetadata table) {
        return new ResultColumn(table.keyspace(), table.name(), column.name(), column.type());
    }

    private void add(Relation relation, TermAnalyzer terms) {
        if (relation instanceof Relation.Comparison comparison) {
            ColumnMetadata column = column(comparison.column());
            checkNotMultiCell(column, comparison.operator().symbol());
            if (comparison.operator() == ComparisonOperator.NEQ) {
                throw CqlException.invalid("Unsupported \"!=\" relation: " + comparison.column() + " != "
                        + terms.text(comparison.value()));
            }
            BoundTerm value = terms.analyze(comparison.value(), receiver(column, table));
            if (column.isPrimaryKey() && comparison.operator() == ComparisonOperator.EQ) {
                equalities.add(column);
            }
            if (column.kind() == ColumnKind.PARTITION_KEY && comparison.operator() == ComparisonOperator.EQ) {
                putKey(partitionKey, column, new KeyValues(column, List.of(value), null));
            } else if (column.kind() == ColumnKind.CLUSTERING) {
                pendingClustering.add(new Pending(column, relation, value, null, null));
            } else {
                // A slice on a partition key column is a filter over a scan, as in Cassandra: with ALLOW
                // FILTERING (a modification refuses it before it gets here).
                partitionKeyFiltered |= column.kind() == ColumnKind.PARTITION_KEY;
                filters.add(new Filter(column, Filter.Kind.COMPARE, comparison.operator(), List.of(value), null));
            }
        } else if (relation instanceof Relation.In in) {
            ColumnMetadata column = column(in.column());
            checkNotMultiCell(column, "IN");
            List<BoundTerm> values = new ArrayList<>();
            for (Term term : in.values()) {
                values.add(terms.analyze(term, receiver(column, table)));
            }
            inRelation(column, values, null, relation);
        } else if (relation instanceof Relation.InMarker in) {
            ColumnMetadata column = column(in.column());
            checkNotMultiCell(column, "IN");
            BoundTerm list = terms.analyze(in.marker(), new ResultColumn(table.keyspace(), table.name(),
                    "in(" + column.name() + ")", new ListType(column.type(), false)));
            inRelation(column, null, list, relation);
        } else if (relation instanceof Relation.Contains contains) {
            ColumnMetadata column = column(contains.column());
            CqlType elementType;
            if (column.type() instanceof ListType list) {
                elementType = list.element();
            } else if (column.type() instanceof io.cairn.cql.type.SetType set) {
                elementType = set.element();
            } else if (column.type() instanceof io.cairn.cql.type.MapType map) {
                elementType = map.values();
            } else {
                throw CqlException.invalid("Cannot use CONTAINS on non-collection column " + column.name());
            }
            BoundTerm value = terms.analyze(contains.value(), new ResultColumn(table.keyspace(), table.name(),
                    "value(" + column.name() + ")", elementType));
            filters.add(new Filter(column, Filter.Kind.CONTAINS, null, List.of(value), null));
        } else if (relation instanceof Relation.ContainsKey containsKey) {
            ColumnMetadata column = column(containsKey.column());
            if (!(column.type() instanceof io.cairn.cql.type.MapType map)) {
                throw CqlException.invalid("Cannot use CONTAINS KEY on non-map column " + column.name());
            }
            BoundTerm value = terms.analyze(containsKey.key(), new ResultColumn(table.keyspace(), table.name(),
                    "key(" + column.name() + ")", map.keys()));
            filters.add(new Filter(column, Filter.Kind.CONTAINS_KEY, null, List.of(value), null));
        } else if (relation instanceof Relation.TokenComparison token) {
            tokenRelation(token, terms);
        } else if (relation instanceof Relation.MultiColumnComparison multi) {
            multiColumn(multi, terms);
        } else if (relation instanceof Relation.MultiColumnIn in) {
            multiColumnIn(in.columns(), in.values(), null, terms);
        } else if (relation instanceof Relation.MultiColumnInMarker in) {
            multiColumnIn(in.columns(), null, in.marker(), terms);
        } else if (relation instanceof Relation.IsNotNull notNull) {
            throw CqlException.invalid("Unsupported restriction: " + notNull.column() + " IS NOT NULL");
        } else if (relation instanceof Relation.Like like) {
            throw CqlException.invalid("LIKE restriction is only supported on properly indexed columns. "
                    + like.column() + " LIKE ... is not valid.");
        } else if (relation instanceof Relation.ElementComparison element) {
            ColumnMetadata column = column(element.column());
            if (!(column.type() instanceof io.cairn.cql.type.MapType map)) {
                throw CqlException.invalid("Invalid element restriction on " + column.name() + " of type "
                        + column.type().asCql() + ": only the elements of a map can be restricted");
            }
            if (element.operator() == ComparisonOperator.NEQ) {
                throw CqlException.invalid("Unsupported \"!=\" relation: " + column.name() + "["
                        + terms.text(element.key()) + "] != " + terms.text(element.value()));
            }
            BoundTerm key = terms.analyze(element.key(), new ResultColumn(table.keyspace(), table.name(),
                    "key(" + column.name() + ")", map.keys()));
            BoundTerm value = terms.analyze(element.value(), new ResultColumn(table.keyspace(), table.name(),
                    column.name() + "[" + terms.text(element.key()) + "]", map.values()));
            filters.add(new Filter(column, Filter.Kind.ELEMENT, element.operator(), List.of(key, value), null));
        } else {
            throw new IllegalArgumentException("A relation of no known kind: " + relation.getClass().getSimpleName());
        }
    }

    private record Pending(ColumnMetadata column, Relation relation, BoundTerm value, List<BoundTerm> inValues,
                           BoundTerm inList) {
    }

    private final List<Pending> pendingClustering = new ArrayList<>();

    private void inRelation(ColumnMetadata column, List<BoundTerm> values, BoundTerm list, Relation relation) {
        switch (column.kind()) {
            case PARTITION_KEY -> putKey(partitionKey, column, new KeyValues(column,
                    values == null ? List.of() : values, list));
            case CLUSTERING -> pendingClustering.add(new Pending(column, relation, null, values, list));
            default -> filters.add(new Filter(column, Filter.Kind.IN, null, values == null ? List.of() : values, list));
        }
    }

    private static void checkNotMultiCell(ColumnMetadata column, String operator) {
        if (column.type().isMultiCell()) {
            throw CqlException.invalid("Collection column '" + column.name() + "' (" + column.type().asCql()
                    + ") cannot be restricted by a '" + operator + "' relation");
        }
    }

    private void putKey(Map<ColumnMetadata, KeyValues> map, ColumnMetadata column, KeyValues values) {
        if (map.put(column, values) != null) {
            throw CqlException.invalid(column.name() + " cannot be restricted by more than one relation if it "
                    + "includes an Equal");
        }
    }

    private void tokenRelation(Relation.TokenComparison token, TermAnalyzer terms) {
        List<String> expected = new ArrayList<>();
        for (ColumnMetadata column : table.partitionKey()) {
            expected.add(column.name());
        }
        if (!token.columns().equals(expected)) {
            throw CqlException.invalid("The token function arguments must be in the partition key order: "
                    + String.join(", ", expected));
        }
        BoundTerm value = token.value() instanceof Term.FunctionCall call
                && call.function().name().equalsIgnoreCase("token")
                ? tokenOf(call, terms)
                : terms.analyze(token.value(), new ResultColumn(table.keyspace(), table.name(),
                        "partition key token", NativeType.BIGINT));
        switch (token.operator()) {
            case EQ -> {
                tokenStart = new Bound(value, true);
                tokenEnd = new Bound(value, true);
            }
            case GT, GTE -> {
                if (tokenStart != null) {
                    throw CqlException.invalid("More than one restriction was found for the start bound on "
                            + String.join(", ", expected));
                }
                tokenStart = new Bound(value, token.operator() == ComparisonOperator.GTE);
            }
            case LT, LTE -> {
                if (tokenEnd != null) {
                    throw CqlException.invalid("More than one restriction was found for the end bound on "
                            + String.join(", ", expected));
                }
                tokenEnd = new Bound(value, token.operator() == ComparisonOperator.LTE);
            }
            case NEQ -> throw CqlException.invalid("Unsupported \"!=\" relation on token");
        }
    }

    /** {@code token(?, ...)} on the right of a token relation: the token of the given key values. */
    private BoundTerm tokenOf(Term.FunctionCall call, TermAnalyzer terms) {
        if (call.arguments().size() != table.partitionKey().size()) {
            throw CqlException.invalid("Invalid number of arguments in call to function token: "
                    + table.partitionKey().size() + " required but " + call.arguments().size() + " provided");
        }
        List<BoundTerm> parts = new ArrayList<>();
        for (int i = 0; i < call.arguments().size(); i++) {
            ColumnMetadata column = table.partitionKey().get(i);
            parts.add(terms.analyze(call.arguments().get(i), new ResultColumn(table.keyspace(), table.name(),
                    "arg" + i + "(system.token)", column.type())));
        }
        return new BoundTerm() {
            @Override
            public CqlType type() {
                return NativeType.BIGINT;
            }

            @Override
            public java.nio.ByteBuffer bind(ExecutionContext context) {
                List<java.nio.ByteBuffer> values = new ArrayList<>();
                for (BoundTerm part : parts) {
                    java.nio.ByteBuffer value = part.bind(context);
                    if (value == null || value == QueryOptions.UNSET) {
                        throw CqlException.invalid("Invalid null value for partition key part in token()");
                    }
                    values.add(value);
                }
                return NativeType.BIGINT.decompose(TableLayout.partitionKey(table, values).token());
            }
        };
    }

    /** The run of clustering columns a multi-column relation names, checked as Cassandra checks them. */
    private List<ColumnMetadata> multiColumns(List<String> names, String relationText) {
        List<ColumnMetadata> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ColumnMetadata column = column(names.get(i));
            if (column.kind() != ColumnKind.CLUSTERING) {
                throw CqlException.invalid("Multi-column relations can only be applied to clustering columns but "
                        + "was applied to: " + column.name());
            }
            if (column.position() != (columns.isEmpty() ? column.position() : columns.get(0).position() + i)) {
                throw CqlException.invalid("Clustering columns must appear in the PRIMARY KEY order in "
                        + "multi-column relations: " + relationText);
            }
            columns.add(column);
        }
        return columns;
    }

    /** A tuple of the columns' values: a tuple literal's elements each typed as its column, as Cassandra names them. */
    private BoundTerm tupleOf(List<ColumnMetadata> columns, List<String> names, Term term, TermAnalyzer terms) {
        List<CqlType> types = new ArrayList<>();
        for (ColumnMetadata column : columns) {
            types.add(column.type());
        }
        TupleType tupleType = new TupleType(types);
        if (term instanceof Term.TupleLiteral tuple && tuple.elements().size() != columns.size()) {
            throw CqlException.invalid("Expected " + columns.size() + " elements in value tuple, but got "
                    + tuple.elements().size() + ": " + terms.text(term));
        }
        if (term instanceof Term.TupleLiteral tuple) {
            List<ResultColumn> receivers = new ArrayList<>(columns.size());
            for (ColumnMetadata column : columns) {
                receivers.add(receiver(column, table));
            }
            return terms.tuple(tuple, tupleType, receivers);
        }
        return terms.analyze(term, new ResultColumn(table.keyspace(), table.name(),
                "(" + String.join(",", names) + ")", tupleType));
    }

    private void multiColumn(Relation.MultiColumnComparison multi, TermAnalyzer terms) {
        List<ColumnMetadata> columns = multiColumns(multi.columns(), "(" + String.join(", ", multi.columns()) + ") "
                + multi.operator().symbol() + " " + terms.text(multi.value()));
        BoundTerm value = tupleOf(columns, multi.columns(), multi.value(), terms);
        pendingClustering.add(new Pending(null, multi, value, null, null));
        multiColumnRelations.add(new MultiPending(columns, multi.operator(), value, null));
        if (multi.operator() == ComparisonOperator.EQ) {
            equalities.addAll(columns);
        }
    }

    /** {@code (a, b) IN ((1, 2), (3, 4))}, or {@code IN ?} bound to a list of tuples. */
    private void multiColumnIn(List<String> names, List<Term> values, Term.BindMarker marker, TermAnalyzer terms) {
        String valuesText = marker != null ? terms.text(marker)
                : "(" + String.join(", ", values.stream().map(terms::text).toList()) + ")";
        List<ColumnMetadata> columns = multiColumns(names, "(" + String.join(", ", names) + ") IN " + valuesText);
        List<BoundTerm> tuples = new ArrayList<>();
        BoundTerm list = null;
        if (marker != null) {
            List<CqlType> types = new ArrayList<>();
            for (ColumnMetadata column : columns) {
                types.add(column.type());
            }
            list = terms.analyze(marker, new ResultColumn(table.keyspace(), table.name(),
                    "in(" + String.join(",", names) + ")", new io.cairn.cql.type.ListType(new TupleType(types), false)));
        } else {
            for (Term value : values) {
                tuples.add(tupleOf(columns, names, value, terms));
            }
        }
        multiColumnRelations.add(new MultiPending(columns, null, null, new ClusteringTuples(columns, tuples, list)));
    }

    /** A multi-column relation: a comparison with a tuple, or ({@code in} not null) a tuple IN. */
    private record MultiPending(List<ColumnMetadata> columns, ComparisonOperator operator, BoundTerm value,
                                ClusteringTuples in) {
    }

    private final List<MultiPending> multiColumnRelations = new ArrayList<>();

    /**
     * Orders the clustering restrictions column by column, as Cassandra 5.0 takes them: each
     * column (or each run of columns a multi-column relation names) restricted by an equality or
     * IN, then at most one slice, single- or multi-column; a relation after a gap or a slice is a
     * filter (ALLOW FILTERING) when it names one column, refused when it names several.
     */
    private void organizeClustering() {
        checkMultiColumnOverlaps();
        boolean sliced = false;
        ColumnMetadata sliceStart = null;
        ColumnMetadata previousUnrestricted = null;
        List<ColumnMetadata> clustering = table.clustering();
        for (int position = 0; position < clustering.size(); position++) {
            ColumnMetadata column = clustering.get(position);
            List<MultiPending> multis = multiStartingAt(column);
            List<Pending> mine = new ArrayList<>();
            for (Pending pending : pendingClustering) {
                if (column.equals(pending.column())) {
                    mine.add(pending);
                }
            }
            if (!multis.isEmpty()) {
                if (previousUnrestricted != null) {
                    throw CqlException.invalid("PRIMARY KEY column \"" + column.name() + "\" cannot be restricted as "
                            + "preceding column \"" + previousUnrestricted.name() + "\" is not restricted");
                }
                if (sliced) {
                    throw afterSlice(column, sliceStart);
                }
                int width = organizeMultiColumn(multis);
                if (clusteringSlice != null) {
                    sliced = true;
                    sliceStart = column;
                }
                position += width - 1;
                continue;
            }
            if (mine.isEmpty()) {
                if (previousUnrestricted == null) {
                    previousUnrestricted = column;
                }
                continue;
            }
            boolean filtering = previousUnrestricted != null || sliced;
            if (previousUnrestricted != null && unfilteredRefusal == null) {
                unfilteredRefusal = "PRIMARY KEY column \"" + column.name() + "\" cannot be restricted as preceding "
                        + "column \"" + previousUnrestricted.name() + "\" is not restricted";
            } else if (sliced && unfilteredRefusal == null) {
                unfilteredRefusal = afterSlice(column, sliceStart).getMessage();
            }
            if (filtering) {
                for (Pending pending : mine) {
                    filters.add(asFilter(pending));
                }
                continue;
            }
            Pending first = mine.get(0);
            boolean isEq = first.inValues() != null || first.inList() != null
                    || first.relation() instanceof Relation.Comparison c && c.operator() == ComparisonOperator.EQ;
            if (isEq) {
                if (mine.size() > 1) {
                    throw CqlException.invalid(column.name() + " cannot be restricted by more than one relation if "
                            + "it includes an Equal");
                }
                clusteringEq.put(column, new KeyValues(column,
                        first.inValues() != null ? first.inValues() : first.value() != null ? List.of(first.value())
                                : List.of(), first.inList()));
                continue;
            }
            Bound start = null;
            Bound end = null;
            for (Pending pending : mine) {
                if (!(pending.relation() instanceof Relation.Comparison comparison)
                        || comparison.operator() == ComparisonOperator.EQ) {
                    throw CqlException.invalid(column.name() + " cannot be restricted by more than one relation if "
                            + "it includes an Equal");
                }
                switch (comparison.operator()) {
                    case GT, GTE -> {
                        if (start != null) {
                            throw CqlException.invalid("More than one restriction was found for the start bound on "
                                    + column.name());
                        }
                        start = new Bound(pending.value(), comparison.operator() == ComparisonOperator.GTE);
                    }
                    case LT, LTE -> {
                        if (end != null) {
                            throw CqlException.invalid("More than one restriction was found for the end bound on "
                                    + column.name());
                        }
                        end = new Bound(pending.value(), comparison.operator() == ComparisonOperator.LTE);
                    }
                    default -> throw new IllegalStateException();
                }
            }
            clusteringSlice = new ClusteringSlice(List.of(column), start, end, false);
            sliced = true;
            sliceStart = column;
        }
    }

    private static CqlException afterSlice(ColumnMetadata column, ColumnMetadata sliceStart) {
        return CqlException.invalid("Clustering column \"" + column.name() + "\" cannot be restricted (preceding "
                + "column \"" + sliceStart.name() + "\" is restricted by a non-EQ relation)");
    }

    private List<MultiPending> multiStartingAt(ColumnMetadata column) {
        List<MultiPending> found = new ArrayList<>();
        for (MultiPending multi : multiColumnRelations) {
            if (multi.columns().get(0).equals(column)) {
                found.add(multi);
            }
        }
        return found;
    }

    /**
     * Refuses a column that an equality or IN restricts and another relation too, in Cassandra's
     * words (a multi-column IN names all its columns, with its odd separator), and multi-column
     * relations that overlap without starting together.
     */
    private void checkMultiColumnOverlaps() {
        for (MultiPending multi : multiColumnRelations) {
            boolean isEq = multi.in() != null || multi.operator() == ComparisonOperator.EQ;
            for (ColumnMetadata column : multi.columns()) {
                for (Pending pending : pendingClustering) {
                    if (column.equals(pending.column())) {
                        throw CqlException.invalid(column.name() + " cannot be restricted by more than one relation "
                                + "if it includes an Equal");
                    }
                }
            }
            for (MultiPending other : multiColumnRelations) {
                if (other == multi || java.util.Collections.disjoint(multi.columns(), other.columns())) {
                    continue;
                }
                boolean otherIsEq = other.in() != null || other.operator() == ComparisonOperator.EQ;
                if (multi.in() != null) {
                    throw CqlException.invalid(String.join(" ,", multi.columns().stream().map(ColumnMetadata::name)
                            .toList()) + " cannot be restricted by more than one relation if it includes an Equal");
                }
                if (isEq || otherIsEq) {
                    ColumnMetadata shared = multi.columns().stream().filter(other.columns()::contains).findFirst()
                            .orElseThrow();
                    if (otherIsEq && other.in() != null) {
                        continue; // reported from the IN's side, as Cassandra does
                    }
                    throw CqlException.invalid(shared.name() + " cannot be restricted by more than one relation if "
                            + "it includes an Equal");
                }
                if (!multi.columns().get(0).equals(other.columns().get(0))) {
                    throw CqlException.invalid("More than one restriction was found for the start bound on "
                            + other.columns().get(0).name());
                }
            }
        }
    }

    /**
     * The multi-column relations that start at one column: an equality (each column takes its
     * component), an IN (a group of tuples), or slices (one bound each). Returns how many
     * columns they cover.
     */
    private int organizeMultiColumn(List<MultiPending> multis) {
        MultiPending first = multis.get(0);
        if (first.in() != null) {
            clusteringTuples.add(first.in());
            return first.columns().size();
        }
        if (first.operator() == ComparisonOperator.EQ) {
            for (int i = 0; i < first.columns().size(); i++) {
                BoundTerm component = new TupleComponent(first.value(), i, first.columns().get(i).type());
                clusteringEq.put(first.columns().get(i), new KeyValues(first.columns().get(i), List.of(component),
                        null));
            }
            return first.columns().size();
        }
        Bound start = null;
        Bound end = null;
        List<ColumnMetadata> columns = null;
        for (MultiPending multi : multis) {
            switch (multi.operator()) {
                case GT, GTE -> {
                    if (start != null) {
                        throw CqlException.invalid("More than one restriction was found for the start bound on "
                                + multi.columns().get(0).name());
                    }
                    start = new Bound(multi.value(), multi.operator() == ComparisonOperator.GTE);
                }
                case LT, LTE -> {
                    if (end != null) {
                        throw CqlException.invalid("More than one restriction was found for the end bound on "
                                + multi.columns().get(0).name());
                    }
                    end = new Bound(multi.value(), multi.operator() == ComparisonOperator.LTE);
                }
                case NEQ -> throw CqlException.invalid("Unsupported \"!=\" relation on multiple columns");
                default -> throw new IllegalStateException("Not a slice: " + multi.operator());
            }
            if (columns == null || multi.columns().size() > columns.size()) {
                columns = multi.columns();
            }
        }
        clusteringSlice = new ClusteringSlice(columns, start, end, true);
        return columns.size();
    }

    private Filter asFilter(Pending pending) {
        if (pending.inValues() != null || pending.inList() != null) {
            return new Filter(pending.column(), Filter.Kind.IN, null,
                    pending.inValues() == null ? List.of() : pending.inValues(), pending.inList());
        }
        Relation.Comparison comparison = (Relation.Comparison) pending.relation();
        return new Filter(pending.column(), Filter.Kind.COMPARE, comparison.operator(), List.of(pending.value()), null);
    }

    private void organizePartitionKey() {
        for (Filter filter : filters) {
            if (filter.column().kind() == ColumnKind.PARTITION_KEY && partitionKey.containsKey(filter.column())) {
                throw CqlException.invalid(filter.column().name() + " cannot be restricted by more than one relation "
                        + "if it includes an Equal");
            }
        }
        if (partitionKey.isEmpty() || partitionKey.size() == table.partitionKey().size()) {
            // With a token relation too, the named partitions are kept only if their tokens are
            // in its range (BoundKeys.partitionKeys), as in Cassandra.
            return;
        }
        // A partial partition key can only be filtered.
        partitionKeyFiltered = true;
        for (KeyValues values : partitionKey.values()) {
            filters.add(values.values().size() == 1 && values.listMarker() == null
                    ? new Filter(values.column(), Filter.Kind.COMPARE, ComparisonOperator.EQ, values.values(), null)
                    : new Filter(values.column(), Filter.Kind.IN, null, values.values(), values.listMarker()));
        }
        partitionKey.clear();
    }

    public TableMetadata table() {
        return table;
    }

    /** Whether every partition key column is restricted by EQ or IN. */
    public boolean hasPartitionKeys() {
        return !partitionKey.isEmpty();
    }

    /** EQ/IN values of each partition key column, in the table's partition key order. */
    public List<KeyValues> partitionKeyValues() {
        return inKeyOrder(partitionKey);
    }

    /**
     * The relations name key columns in any order (and INSERT lists them in any order); the
     * storage key is built from the values in the table's key order.
     */
    private static List<KeyValues> inKeyOrder(Map<ColumnMetadata, KeyValues> byColumn) {
        List<KeyValues> values = new ArrayList<>(byColumn.values());
        values.sort(Comparator.comparingInt(keyValues -> keyValues.column().position()));
        return values;
    }

    public boolean hasTokenRestriction() {
        return tokenStart != null || tokenEnd != null;
    }

    public Bound tokenStart() {
        return tokenStart;
    }

    public Bound tokenEnd() {
        return tokenEnd;
    }

    /** EQ/IN values of the leading clustering columns, in clustering order. */
    public List<KeyValues> clusteringPrefix() {
        return inKeyOrder(clusteringEq);
    }

    /** The multi-column INs among the leading clustering columns, in clustering order (none: empty). */
    public List<ClusteringTuples> clusteringTuples() {
        return clusteringTuples;
    }

    /** How many leading clustering columns have values: by EQ/IN each, or by a multi-column IN. */
    public int clusteringPrefixWidth() {
        int width = clusteringEq.size();
        for (ClusteringTuples tuples : clusteringTuples) {
            width += tuples.columns().size();
        }
        return width;
    }

    public ClusteringSlice clusteringSlice() {
        return clusteringSlice;
    }

    public boolean hasClusteringRestrictions() {
        return !clusteringEq.isEmpty() || clusteringSlice != null || !clusteringTuples.isEmpty();
    }

    /** Whether every clustering column has an EQ/IN value (a single row per partition key). */
    public boolean selectsWholeRows() {
        return clusteringPrefixWidth() == table.clustering().size();
    }

    public List<Filter> filters() {
        return filters;
    }

    /**
     * Cassandra's more precise refusal when filtering is needed and not allowed (a clustering
     * column restricted while one before it is not), or null for its general one.
     */
    public String unfilteredRefusal() {
        return unfilteredRefusal;
    }

    /** Whether rows must be filtered after reading: what ALLOW FILTERING must permit. */
    public boolean isFilteringNeeded() {
        return !filters.isEmpty() || partitionKeyFiltered;
    }

    /** Whether {@code column}, of the primary key, is restricted by {@code =} (alone or in a tuple), not IN. */
    public boolean isRestrictedByEq(ColumnMetadata column) {
        return equalities.contains(column);
    }

    /** The missing partition key columns, for error messages. */
    public List<String> missingPartitionKeyColumns() {
        List<String> missing = new ArrayList<>();
        for (ColumnMetadata column : table.partitionKey()) {
            if (!partitionKey.containsKey(column)) {
                missing.add(column.name());
            }
        }
        return missing;
    }
}
