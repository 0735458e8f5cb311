package io.cairn.cql.ast;

/** A statement that writes rows: the kinds a BATCH may contain. */
public sealed interface ModificationStatement extends Statement
        permits InsertStatement, InsertJsonStatement, UpdateStatement, DeleteStatement {

    QualifiedName table();

    UsingClause using();
}
