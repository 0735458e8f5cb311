package io.cairn.node.query;

import io.cairn.cql.ast.ColumnTarget;
import io.cairn.cql.ast.ComparisonOperator;
import io.cairn.cql.ast.Condition;
import io.cairn.cql.ast.Term;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.SetType;
import io.cairn.cql.type.UserType;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The IF clause of a lightweight transaction, analyzed against its table: IF EXISTS, IF NOT
 * EXISTS, or conditions on regular and static columns, collection elements and UDT fields,
 * joined by AND. {@link #bind} gives the conditions with their values, which
 * {@link ConditionalWrite} evaluates on the rows a linearizable read returned.
 *
 * <p>Comparisons follow Cassandra 5.0: a missing value equals only null and differs from
 * everything else; a non-frozen collection without elements is null, and compares as an
 * empty collection with a non-null value; null may only be compared with = and !=.
 */
final class ConditionPlan {

    enum Kind { EXISTS, NOT_EXISTS, COLUMNS }

    /** What a condition compares. */
    enum Operator {
        EQ("="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">="), IN("IN"), CONTAINS("CONTAINS"),
        CONTAINS_KEY("CONTAINS KEY");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        static Operator of(ComparisonOperator operator) {
            return valueOf(operator.name());
        }
    }

    /**
     * One condition.
     *
     * @param element    the list index or map key of {@code column[element]}, or null
     * @param field      the UDT field index of {@code column.field}, or -1
     * @param values     one value, or the IN list's values
     * @param listMarker the value of {@code IN ?}, or null
     */
    record ColumnCondition(ColumnMetadata column, BoundTerm element, int field, Operator operator,
                           List<BoundTerm> values, BoundTerm listMarker) {
    }

    private static final ConditionPlan EXISTS = new ConditionPlan(Kind.EXISTS, List.of());
    private static final ConditionPlan NOT_EXISTS = new ConditionPlan(Kind.NOT_EXISTS, List.of());

    private final Kind kind;
    private final List<ColumnCondition> conditions;

    private ConditionPlan(Kind kind, List<ColumnCondition> conditions) {
        this.kind = kind;
        this.conditions = List.copyOf(conditions);
    }

    static ConditionPlan ifExists() {
        return EXISTS;
    }

    static ConditionPlan ifNotExists() {
        return NOT_EXISTS;
    }

    Kind kind() {
        return kind;
    }

    List<ColumnCondition> conditions() {
        return conditions;
    }

    /**
     * The columns the conditions name, each once: those of regular columns in the order of the
     * IF clause, then those of static columns (Cassandra keeps them apart); empty for IF [NOT]
     * EXISTS.
     */
    List<ColumnMetadata> columns() {
        LinkedHashSet<ColumnMetadata> columns = new LinkedHashSet<>();
        for (ColumnCondition condition : conditions) {
            if (!condition.column().isStatic()) {
                columns.add(condition.column());
            }
        }
        for (ColumnCondition condition : conditions) {
            if (condition.column().isStatic()) {
                columns.add(condition.column());
            }
        }
        return new ArrayList<>(columns);
    }

    boolean appliesToStaticColumns() {
        return conditions.stream().anyMatch(c -> c.column().isStatic());
    }

    boolean appliesToRegularColumns() {
        return conditions.stream().anyMatch(c -> !c.column().isStatic());
    }

    /** The IF clause of an UPDATE or DELETE, or null without one. */
    static ConditionPlan of(boolean ifExists, List<Condition> conditions, io.cairn.cql.ast.UsingClause using,
                            TableMetadata table, TermAnalyzer terms) {
        if (ifExists) {
            return EXISTS;
        }
        if (conditions.isEmpty()) {
            return null;
        }
        if (using.hasTimestamp()) {
            // Checked before the conditions themselves, as Cassandra does.
            throw CqlException.invalid("Cannot provide custom timestamp for conditional updates");
        }
        return analyze(table, conditions, terms);
    }

    /**
     * A conditional DELETE that does not name whole rows by equality may only delete, and
     * test, static columns (Cassandra's rule and wording).
     */
    static void checkConditionalDelete(TableMetadata table, Restrictions restrictions,
                                       boolean deletesRegularColumns, ConditionPlan conditions) {
        boolean wholeRows = table.clustering().isEmpty()
                || (restrictions.selectsWholeRows() && restrictions.clusteringSlice() == null
                && restrictions.clusteringPrefixWidth() == table.clustering().size());
        if (wholeRows) {
            return;
        }
        if (deletesRegularColumns) {
            throw CqlException.invalid("DELETE statements must restrict all PRIMARY KEY columns with equality "
                    + "relations in order to delete non static columns");
        }
        if (conditions.appliesToRegularColumns()) {
            throw CqlException.invalid("DELETE statements must restrict all PRIMARY KEY columns with equality "
                    + "relations in order to use IF condition on non static columns");
        }
    }

    static ConditionPlan analyze(TableMetadata table, List<Condition> conditions, TermAnalyzer terms) {
        List<ColumnCondition> analyzed = new ArrayList<>(conditions.size());
        for (Condition condition : conditions) {
            analyzed.add(analyze(table, condition, terms));
        }
        return new ConditionPlan(Kind.COLUMNS, analyzed);
    }

    private static ColumnCondition analyze(TableMetadata table, Condition condition, TermAnalyzer terms) {
        ColumnTarget target;
        Operator operator;
        List<Term> values;
        Term.BindMarker marker = null;
        if (condition instanceof Condition.Comparison comparison) {
            target = comparison.target();
            operator = Operator.of(comparison.operator());
            values = List.of(comparison.value());
        } else if (condition instanceof Condition.In in) {
            target = in.target();
            operator = Operator.IN;
            values = in.values();
        } else if (condition instanceof Condition.InMarker in) {
            target = in.target();
            operator = Operator.IN;
            values = List.of();
            marker = in.marker();
        } else if (condition instanceof Condition.Contains contains) {
            target = new ColumnTarget.Column(contains.column());
            operator = Operator.CONTAINS;
            values = List.of(contains.value());
        } else {
            Condition.ContainsKey containsKey = (Condition.ContainsKey) condition;
            target = new ColumnTarget.Column(containsKey.column());
            operator = Operator.CONTAINS_KEY;
            values = List.of(containsKey.key());
        }
        ColumnMetadata column = table.column(target.column());
        if (column == null) {
            throw CqlException.invalid("Undefined column name " + target.column() + " in table " + table);
        }
        CqlType type = column.type();
        if (type == NativeType.COUNTER) {
            throw CqlException.invalid("Conditions on counters are not supported");
        }
        BoundTerm element = null;
        int field = -1;
        ResultColumn receiver = receiver(table, column.name(), type);
        if (target instanceof ColumnTarget.Element access) {
            if (type instanceof ListType list) {
                element = terms.analyze(access.key(), receiver(table, "idx(" + column.name() + ")", NativeType.INT));
                receiver = receiver(table, "value(" + column.name() + ")", list.element());
            } else if (type instanceof MapType map) {
                element = terms.analyze(access.key(), receiver(table, "key(" + column.name() + ")", map.keys()));
                receiver = receiver(table, "value(" + column.name() + ")", map.values());
            } else if (type instanceof SetType) {
                throw CqlException.invalid("Invalid element access syntax for set column " + column.name());
            } else {
                throw CqlException.invalid("Invalid element access syntax for non-collection column " + column.name());
            }
        } else if (target instanceof ColumnTarget.Field access) {
            if (!(type instanceof UserType udt)) {
                throw CqlException.invalid("Invalid field selection: " + column.name() + " of type " + type.asCql()
                        + " is not a user type");
            }
            field = udt.fieldIndex(access.field());
            if (field < 0) {
                throw CqlException.invalid("Unknown field " + access.field() + " for column " + column.name());
            }
            receiver = receiver(table, column.name() + "." + access.field(), udt.fieldTypes().get(field));
        }
        if (operator == Operator.CONTAINS_KEY && !(receiver.type() instanceof MapType)) {
            throw CqlException.invalid("Cannot use CONTAINS KEY on non-map column " + receiver.name());
        }
        if (operator == Operator.CONTAINS && !isCollection(receiver.type())) {
            throw CqlException.invalid("Cannot use CONTAINS on non-collection column " + receiver.name());
        }
        if (operator == Operator.CONTAINS || operator == Operator.CONTAINS_KEY) {
            receiver = collectionReceiver(receiver, operator == Operator.CONTAINS_KEY);
        }
        List<BoundTerm> bound = new ArrayList<>(values.size());
        for (Term value : values) {
            bound.add(terms.analyze(value, receiver));
        }
        BoundTerm listMarker = marker == null ? null : terms.analyze(marker,
                receiver(table, "in(" + receiver.name() + ")", new ListType(receiver.type(), false)));
        if (column.isPrimaryKey()) {
            throw CqlException.invalid("PRIMARY KEY column '" + column.name() + "' cannot have IF conditions");
        }
        return new ColumnCondition(column, element, field, operator, bound, listMarker);
    }

    private static boolean isCollection(CqlType type) {
        return type instanceof ListType || type instanceof SetType || type instanceof MapType;
    }

    private static ResultColumn collectionReceiver(ResultColumn collection, boolean keys) {
        CqlType type = collection.type();
        CqlType element;
        if (type instanceof ListType list) {
            element = list.element();
        } else if (type instanceof SetType set) {
            element = set.element();
        } else {
            MapType map = (MapType) type;
            element = keys ? map.keys() : map.values();
        }
        String name = (keys ? "key(" : "value(") + collection.name() + ")";
        return new ResultColumn(collection.keyspace(), collection.table(), name, element);
    }

    private static ResultColumn receiver(TableMetadata table, String name, CqlType type) {
        return new ResultColumn(table.keyspace(), table.name(), name, type);
    }

    /** The conditions with their values for one execution: checks what Cassandra refuses before evaluating. */
    List<Bound> bind(ExecutionContext context) {
        List<Bound> bound = new ArrayList<>(conditions.size());
        for (ColumnCondition condition : conditions) {
            bound.add(bind(condition, context));
        }
        return bound;
    }

    private static Bound bind(ColumnCondition condition, ExecutionContext context) {
        List<ByteBuffer> values = new ArrayList<>();
        if (condition.listMarker() != null) {
            ByteBuffer list = condition.listMarker().bind(context);
            if (list == null) {
                throw CqlException.invalid("Invalid null list in IN condition");
            }
            if (list == QueryOptions.UNSET) {
                throw CqlException.invalid("Invalid 'unset' value in condition");
            }
            values.addAll(((ListType) condition.listMarker().type()).unpack(list));
        } else {
            for (BoundTerm term : condition.values()) {
                ByteBuffer value = term.bind(context);
                if (value == QueryOptions.UNSET) {
                    if (condition.operator() == Operator.IN) {
                        continue;
                    }
                    throw CqlException.invalid("Invalid 'unset' value in condition");
                }
                values.add(value);
            }
        }
        ByteBuffer element = null;
        if (condition.element() != null) {
            element = condition.element().bind(context);
            boolean isMap = condition.column().type() instanceof MapType;
            if (element == null) {
                throw CqlException.invalid("Invalid null value for " + (isMap ? "map" : "list") + " element access");
            }
            if (element == QueryOptions.UNSET) {
                throw CqlException.invalid("Invalid 'unset' value in condition");
            }
            if (!isMap && element.getInt(element.position()) < 0) {
                throw CqlException.invalid("Invalid negative list index " + element.getInt(element.position()));
            }
        }
        Operator comparison = condition.operator() == Operator.IN ? Operator.EQ : condition.operator();
        for (ByteBuffer value : values) {
            if (value == null && comparison != Operator.EQ && comparison != Operator.NEQ) {
                throw CqlException.invalid("Invalid comparison with null for operator \"" + comparison.symbol + "\"");
            }
        }
        return new Bound(condition, element, comparison, values);
    }

    /** A condition with its values bound: true when one of its values compares as asked with the current one. */
    record Bound(ColumnCondition condition, ByteBuffer element, Operator operator, List<ByteBuffer> values) {

        ColumnMetadata column() {
            return condition.column();
        }

        /**
         * @param row the condition's row as read, or null when it does not exist. A non-frozen
         *            collection without elements is null, and so is an empty collection given
         *            for one (Cassandra 5.0: {@code l = []} holds for a missing list, {@code l < [1]}
         *            does not).
         */
        boolean appliesTo(RowView row) {
            ByteBuffer current = current(row);
            CqlType type = valueType();
            boolean emptyIsNull = condition.element() == null && condition.field() < 0 && isCollection(type)
                    && type.isMultiCell() && operator != Operator.CONTAINS && operator != Operator.CONTAINS_KEY;
            for (ByteBuffer value : values) {
                if (emptyIsNull && value != null && isEmpty(type, value)) {
                    value = null;
                }
                if (compare(type, value, current)) {
                    return true;
                }
            }
            return false;
        }

        private CqlType valueType() {
            CqlType type = condition.column().type();
            if (condition.element() != null) {
                return type instanceof ListType list ? list.element() : ((MapType) type).values();
            }
            if (condition.field() >= 0) {
                return ((UserType) type).fieldTypes().get(condition.field());
            }
            return type;
        }

        private ByteBuffer current(RowView row) {
            ByteBuffer value = row == null ? null : row.value(condition.column());
            if (value == null) {
                return null;
            }
            CqlType type = condition.column().type();
            if (condition.element() != null) {
                if (type instanceof ListType list) {
                    List<ByteBuffer> elements = list.unpack(value);
                    int index = element.getInt(element.position());
                    return index < elements.size() ? elements.get(index) : null;
                }
                MapType map = (MapType) type;
                for (Map.Entry<ByteBuffer, ByteBuffer> entry : map.unpack(value)) {
                    if (map.keys().compare(entry.getKey(), element) == 0) {
                        return entry.getValue();
                    }
                }
                return null;
            }
            if (condition.field() >= 0) {
                List<ByteBuffer> fields = ((UserType) type).unpack(value);
                return condition.field() < fields.size() ? fields.get(condition.field()) : null;
            }
            return value;
        }

        private boolean compare(CqlType type, ByteBuffer value, ByteBuffer current) {
            if (value == null) {
                return switch (operator) {
                    case EQ -> current == null;
                    case NEQ -> current != null;
                    default -> throw CqlException.invalid("Invalid comparison with null for operator \""
                            + operator.symbol + "\"");
                };
            }
            if (operator == Operator.CONTAINS || operator == Operator.CONTAINS_KEY) {
                return current != null && contains(type, current, value);
            }
            if (current == null) {
                return operator == Operator.NEQ;
            }
            int cmp = type.compare(current, value);
            return switch (operator) {
                case EQ -> cmp == 0;
                case NEQ -> cmp != 0;
                case LT -> cmp < 0;
                case LTE -> cmp <= 0;
                case GT -> cmp > 0;
                case GTE -> cmp >= 0;
                default -> throw new IllegalStateException("Not a comparison: " + operator);
            };
        }

        private boolean contains(CqlType type, ByteBuffer current, ByteBuffer value) {
            return operator == Operator.CONTAINS_KEY && type instanceof MapType map
                    ? CollectionContains.containsKey(map, current, value)
                    : CollectionContains.containsValue(type, current, value);
        }

        private static boolean isEmpty(CqlType type, ByteBuffer value) {
            if (type instanceof ListType list) {
                return list.unpack(value).isEmpty();
            }
            if (type instanceof SetType set) {
                return set.unpack(value).isEmpty();
            }
            return ((MapType) type).unpack(value).isEmpty();
        }
    }
}
