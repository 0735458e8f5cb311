package io.cairn.cql.ast;

/**
 * One parsed CQL statement, as written: names are canonical but not resolved against any
 * schema, and terms are not yet typed. The analyzer turns a statement into something
 * executable; the parser knows nothing of keyspaces, tables or types that exist.
 */
public sealed interface Statement
        permits SelectStatement, ModificationStatement, BatchStatement, UseStatement, TruncateStatement,
                CreateKeyspaceStatement, AlterKeyspaceStatement, DropKeyspaceStatement,
                CreateTableStatement, AlterTableStatement, DropTableStatement,
                CreateTypeStatement, AlterTypeStatement, DropTypeStatement,
                CreateIndexStatement, DropIndexStatement, CreateRoleStatement, AlterRoleStatement, DropRoleStatement,
                ListRolesStatement, GrantPermissionsStatement, GrantRoleStatement, ListPermissionsStatement,
                DescribeStatement, UnsupportedStatement {
}
