package io.cairn.cql.ast;

import java.util.Map;
import java.util.Objects;

/** {@code ALTER KEYSPACE [IF EXISTS] name WITH options}. */
public record AlterKeyspaceStatement(String keyspace, boolean ifExists, Map<String, OptionValue> options)
        implements Statement {

    public AlterKeyspaceStatement {
        Objects.requireNonNull(keyspace, "keyspace");
        options = Options.copyOf(options);
    }
}
