package io.cairn.cql.error;

import java.util.List;

/** FUNCTION_FAILURE: a function threw while executing. */
public final class FunctionFailureException extends CqlException {

    private final String keyspace;
    private final String function;
    private final List<String> argumentTypes;

    public FunctionFailureException(String keyspace, String function, List<String> argumentTypes, String message) {
        super(ErrorCode.FUNCTION_FAILURE, message);
        this.keyspace = keyspace;
        this.function = function;
        this.argumentTypes = List.copyOf(argumentTypes);
    }

    public String keyspace() {
        return keyspace;
    }

    public String function() {
        return function;
    }

    public List<String> argumentTypes() {
        return argumentTypes;
    }
}
