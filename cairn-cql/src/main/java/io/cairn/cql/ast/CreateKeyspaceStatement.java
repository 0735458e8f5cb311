package io.cairn.cql.ast;

import java.util.Map;
import java.util.Objects;

/**
 * {@code CREATE KEYSPACE [IF NOT EXISTS] name WITH options}.
 *
 * @param options the options by canonical name, in the order written (e.g. {@code replication},
 *                {@code durable_writes})
 */
public record CreateKeyspaceStatement(String keyspace, boolean ifNotExists, Map<String, OptionValue> options)
        implements Statement {

    public CreateKeyspaceStatement {
        Objects.requireNonNull(keyspace, "keyspace");
        options = Options.copyOf(options);
    }
}
