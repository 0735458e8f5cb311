package io.cairn.node.query;

import io.cairn.cql.error.CqlException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects, during analysis, the receiver of every bind marker of a statement: the column
 * (or function argument, or LIMIT) a value is bound to. PREPARE reports them to drivers.
 */
public final class BindVariables {

    private final ResultColumn[] receivers;

    public BindVariables(int count) {
        this.receivers = new ResultColumn[count];
    }

    void set(int index, ResultColumn receiver) {
        receivers[index] = receiver;
    }

    public int count() {
        return receivers.length;
    }

    /** The receivers by marker index. */
    public List<ResultColumn> receivers() {
        List<ResultColumn> list = new ArrayList<>(Arrays.asList(receivers));
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalStateException("Bind marker " + i + " has no receiver");
            }
        }
        return list;
    }

    /** Checks that a QUERY/EXECUTE binds exactly as many values as there are markers. */
    public void checkCount(int bound) {
        if (bound != receivers.length) {
            throw CqlException.invalid("There were " + receivers.length + " markers(?) in CQL but " + bound
                    + " bound variables");
        }
    }
}
