package io.cairn.protocol.message;

import java.util.List;

/**
 * A schema change, as a RESULT and as an EVENT carry it (native_protocol_v5 §4.2.6).
 *
 * @param name          the table, type, function or aggregate; empty for a keyspace
 * @param argumentTypes a function's or aggregate's argument types, else empty
 */
public record SchemaChange(ChangeType change, Target target, String keyspace, String name,
                           List<String> argumentTypes) {

    public SchemaChange {
        argumentTypes = List.copyOf(argumentTypes);
    }

    public enum ChangeType {
        CREATED,
        UPDATED,
        DROPPED
    }

    public enum Target {
        KEYSPACE,
        TABLE,
        TYPE,
        FUNCTION,
        AGGREGATE
    }
}
