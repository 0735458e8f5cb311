package io.cairn.cql.ast;

import java.util.Objects;

/**
 * {@code INSERT INTO table JSON 'document' [DEFAULT NULL | DEFAULT UNSET] [IF NOT EXISTS]
 * [USING ...]}.
 *
 * @param json           a string literal or a bind marker
 * @param isDefaultUnset whether columns missing from the document are left unset (DEFAULT
 *                       UNSET) rather than set to null (the default, DEFAULT NULL)
 */
public record InsertJsonStatement(QualifiedName table,
                                  Term json,
                                  boolean isDefaultUnset,
                                  boolean ifNotExists,
                                  UsingClause using) implements ModificationStatement {

    public InsertJsonStatement {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(using, "using");
    }
}
