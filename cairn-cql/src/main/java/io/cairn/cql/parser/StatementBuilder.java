package io.cairn.cql.parser;

import io.cairn.cql.ast.Statement;
import io.cairn.cql.ast.Term;
import io.cairn.cql.ast.TruncateStatement;
import io.cairn.cql.ast.UnsupportedStatement;
import io.cairn.cql.ast.UseStatement;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

import java.util.List;
import java.util.Locale;

/**
 * Turns the parse tree of one statement into its syntax tree. One builder serves one
 * statement: it owns the numbering of that statement's bind markers.
 */
final class StatementBuilder {

    private final BuildState state;
    private final DmlBuilder dml;
    private final DdlBuilder ddl;
    private final RoleBuilder roles;

    StatementBuilder(int maxNestingDepth) {
        this.state = new BuildState(maxNestingDepth);
        TypeBuilder types = new TypeBuilder(state);
        TermBuilder terms = new TermBuilder(state, types);
        WhereBuilder where = new WhereBuilder(state, terms);
        this.dml = new DmlBuilder(terms, new SelectorBuilder(state, terms, types), where);
        OptionsBuilder options = new OptionsBuilder(state, terms);
        this.ddl = new DdlBuilder(types, options);
        this.roles = new RoleBuilder(options);
    }

    /** The bind markers of the statement built, in order. */
    List<Term.BindMarker> bindMarkers() {
        return state.markers();
    }

    Statement build(CqlParser.StatementContext ctx) {
        ParseTree statement = ctx.getChild(0);
        if (statement instanceof CqlParser.SelectStatementContext c) {
            return dml.select(c);
        }
        if (statement instanceof CqlParser.InsertStatementContext c) {
            return dml.insert(c);
        }
        if (statement instanceof CqlParser.UpdateStatementContext c) {
            return dml.update(c);
        }
        if (statement instanceof CqlParser.DeleteStatementContext c) {
            return dml.delete(c);
        }
        if (statement instanceof CqlParser.BatchStatementContext c) {
            return dml.batch(c);
        }
        if (statement instanceof CqlParser.UseStatementContext c) {
            return new UseStatement(Identifiers.keyspace(c.keyspaceName()));
        }
        if (statement instanceof CqlParser.TruncateStatementContext c) {
            return new TruncateStatement(Identifiers.table(c.tableName()));
        }
        if (statement instanceof CqlParser.DescribeStatementContext describe) {
            return DescribeBuilder.build(describe);
        }
        if (statement instanceof CqlParser.UnsupportedStatementContext c) {
            return unsupported(c);
        }
        if (statement instanceof CqlParser.CreateRoleStatementContext c) {
            return roles.create(c);
        }
        if (statement instanceof CqlParser.AlterRoleStatementContext c) {
            return roles.alter(c);
        }
        if (statement instanceof CqlParser.DropRoleStatementContext c) {
            return roles.drop(c);
        }
        if (statement instanceof CqlParser.ListStatementContext c) {
            return roles.list(c);
        }
        if (statement instanceof CqlParser.GrantPermissionsStatementContext c) {
            return roles.grantPermissions(c.permissions(), c.resource(), c.roleName(), true);
        }
        if (statement instanceof CqlParser.RevokePermissionsStatementContext c) {
            return roles.grantPermissions(c.permissions(), c.resource(), c.roleName(), false);
        }
        if (statement instanceof CqlParser.GrantRoleStatementContext c) {
            return roles.grantRole(c.granted, c.grantee, true);
        }
        if (statement instanceof CqlParser.RevokeRoleStatementContext c) {
            return roles.grantRole(c.granted, c.revokee, false);
        }
        return definition(statement);
    }

    private Statement definition(ParseTree statement) {
        if (statement instanceof CqlParser.CreateKeyspaceStatementContext c) {
            return ddl.createKeyspace(c);
        }
        if (statement instanceof CqlParser.AlterKeyspaceStatementContext c) {
            return ddl.alterKeyspace(c);
        }
        if (statement instanceof CqlParser.DropKeyspaceStatementContext c) {
            return ddl.dropKeyspace(c);
        }
        if (statement instanceof CqlParser.CreateTableStatementContext c) {
            return ddl.createTable(c);
        }
        if (statement instanceof CqlParser.AlterTableStatementContext c) {
            return ddl.alterTable(c);
        }
        if (statement instanceof CqlParser.DropTableStatementContext c) {
            return ddl.dropTable(c);
        }
        if (statement instanceof CqlParser.CreateTypeStatementContext c) {
            return ddl.createType(c);
        }
        if (statement instanceof CqlParser.AlterTypeStatementContext c) {
            return ddl.alterType(c);
        }
        if (statement instanceof CqlParser.DropTypeStatementContext c) {
            return ddl.dropType(c);
        }
        if (statement instanceof CqlParser.CreateIndexStatementContext c) {
            return ddl.createIndex(c);
        }
        if (statement instanceof CqlParser.DropIndexStatementContext c) {
            return ddl.dropIndex(c);
        }
        throw new AssertionError("statement alternative without a builder: " + statement.getClass().getSimpleName());
    }

    private static UnsupportedStatement unsupported(CqlParser.UnsupportedStatementContext ctx) {
        String kind;
        if (ctx instanceof CqlParser.CreateMaterializedViewContext) {
            kind = "CREATE MATERIALIZED VIEW";
        } else if (ctx instanceof CqlParser.AlterMaterializedViewContext) {
            kind = "ALTER MATERIALIZED VIEW";
        } else if (ctx instanceof CqlParser.DropMaterializedViewContext) {
            kind = "DROP MATERIALIZED VIEW";
        } else if (ctx instanceof CqlParser.CreateFunctionContext) {
            kind = "CREATE FUNCTION";
        } else if (ctx instanceof CqlParser.DropFunctionContext) {
            kind = "DROP FUNCTION";
        } else if (ctx instanceof CqlParser.CreateAggregateContext) {
            kind = "CREATE AGGREGATE";
        } else if (ctx instanceof CqlParser.DropAggregateContext) {
            kind = "DROP AGGREGATE";
        } else if (ctx instanceof CqlParser.TriggerStatementContext c) {
            kind = upper(c.verb) + " TRIGGER";
        } else {
            kind = "DESCRIBE";
        }
        return new UnsupportedStatement(kind);
    }

    private static String upper(Token token) {
        return token.getText().toUpperCase(Locale.ROOT);
    }
}
