package io.cairn.cql.ast;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code CREATE [CUSTOM] INDEX [IF NOT EXISTS] [name] ON table (targets) [USING 'class']
 * [WITH options]}.
 *
 * @param indexName  the index's canonical name, or {@code null} to let the server name it;
 *                   an index lives in its table's keyspace
 * @param indexClass the class after USING, or {@code null} when not given
 * @param options    the WITH options by canonical name (usually just {@code options})
 */
public record CreateIndexStatement(String indexName,
                                   QualifiedName table,
                                   List<IndexTarget> targets,
                                   boolean isCustom,
                                   String indexClass,
                                   Map<String, OptionValue> options,
                                   boolean ifNotExists) implements Statement {

    public CreateIndexStatement {
        Objects.requireNonNull(table, "table");
        targets = List.copyOf(targets);
        options = Options.copyOf(options);
    }
}
