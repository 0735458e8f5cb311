package io.cairn.node.query;

import io.cairn.cql.ast.Term;
import io.cairn.cql.error.CqlException;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects, during analysis, the receiver of every bind marker of a statement: the column
 * (or function argument, or LIMIT) a value is bound to. PREPARE reports them to drivers, each
 * under the marker's own name when it has one ({@code :nm} is variable {@code nm}), else under
 * its receiver's. A name written twice gives two variables, both bound by that one name.
 */
public final class BindVariables {

    private final ResultColumn[] receivers;
    private final String[] names;

    public BindVariables(int count) {
        this.receivers = new ResultColumn[count];
        this.names = new String[count];
    }

    void set(Term.BindMarker marker, ResultColumn receiver) {
        receivers[marker.index()] = receiver;
        names[marker.index()] = marker.name();
    }

    public int count() {
        return receivers.length;
    }

    /** The variables by marker index, as PREPARE describes them: named after a named marker. */
    public List<ResultColumn> receivers() {
        List<ResultColumn> list = new ArrayList<>(receivers.length);
        for (int i = 0; i < receivers.length; i++) {
            ResultColumn receiver = receivers[i];
            if (receiver == null) {
                throw new IllegalStateException("Bind marker " + i + " has no receiver");
            }
            list.add(names[i] == null ? receiver
                    : new ResultColumn(receiver.keyspace(), receiver.table(), names[i], receiver.type()));
        }
        return list;
    }

    /**
     * For each partition key column of {@code table}, in key order, the index of the variable
     * that gives it (the last one when several do, as in {@code k IN (?, ?)}); empty unless
     * every key column is bound by a marker whose receiver is the column itself, and every
     * variable belongs to {@code table} (drivers route by the key only within one table).
     */
    public List<Integer> partitionKeyIndexes(TableMetadata table) {
        List<ColumnMetadata> key = table.partitionKey();
        Integer[] indexes = new Integer[key.size()];
        for (int i = 0; i < receivers.length; i++) {
            ResultColumn receiver = receivers[i];
            if (receiver == null || !receiver.keyspace().equals(table.keyspace())
                    || !receiver.table().equals(table.name())) {
                return List.of();
            }
            for (int position = 0; position < key.size(); position++) {
                ColumnMetadata column = key.get(position);
                if (receiver.name().equals(column.name()) && receiver.type().equals(column.type())) {
                    indexes[position] = i;
                }
            }
        }
        List<Integer> result = new ArrayList<>(indexes.length);
        for (Integer index : indexes) {
            if (index == null) {
                return List.of();
            }
            result.add(index);
        }
        return result;
    }

    /**
     * The values of an execution in marker order: the positional values, or, when the client
     * sent values by name, the value of each variable's name (the first one of that name;
     * values of other names are ignored).
     *
     * @param prepared whether the values come with EXECUTE, rather than QUERY: Cassandra words
     *                 a wrong number of values differently for them
     * @throws CqlException if the values do not give exactly one per variable
     */
    public List<ByteBuffer> bind(QueryOptions options, boolean prepared) {
        List<ByteBuffer> values = options.values();
        if (options.valueNames() != null) {
            values = byName(options.valueNames(), values);
        }
        if (values.size() != receivers.length) {
            throw prepared ? CqlException.invalid("there were " + receivers.length + " markers(?) in CQL but "
                    + values.size() + " bound variables") : CqlException.invalid("Invalid amount of bind variables");
        }
        return values;
    }

    private List<ByteBuffer> byName(List<String> valueNames, List<ByteBuffer> values) {
        List<ResultColumn> variables = receivers();
        List<ByteBuffer> ordered = new ArrayList<>(variables.size());
        for (ResultColumn variable : variables) {
            int found = valueNames.indexOf(variable.name());
            if (found >= 0) {
                ordered.add(values.get(found));
            }
        }
        return ordered;
    }

    /** Checks that a statement of a BATCH binds exactly as many values as there are markers. */
    public void checkCount(int bound) {
        if (bound != receivers.length) {
            throw CqlException.invalid("There were " + receivers.length + " markers(?) in CQL but " + bound
                    + " bound variables");
        }
    }
}
