package io.cairn.cql.parser;

import io.cairn.cql.ast.QualifiedName;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Canonical names from identifier tokens: unquoted identifiers and keywords fold to lower
 * case, {@code "quoted"} ones keep their case with {@code ""} unescaped.
 */
final class Identifiers {

    /** Names Cassandra keeps for types it may add; they cannot name a user type. */
    private static final Set<String> RESERVED_TYPE_NAMES =
            Set.of("byte", "complex", "enum", "date", "interval", "macaddr", "bitstring");

    private Identifiers() {
    }

    static String of(CqlParser.IdentifierContext ctx) {
        return fromToken(ctx.getStart());
    }

    static List<String> of(List<CqlParser.IdentifierContext> contexts) {
        List<String> names = new ArrayList<>(contexts.size());
        for (CqlParser.IdentifierContext ctx : contexts) {
            names.add(of(ctx));
        }
        return names;
    }

    static String field(CqlParser.FieldNameContext ctx) {
        return of(ctx.identifier());
    }

    /** The canonical name an identifier token stands for. */
    static String fromToken(Token token) {
        if (token.getType() != CqlLexer.QUOTED_NAME) {
            return token.getText().toLowerCase(Locale.ROOT);
        }
        String text = token.getText();
        if (text.length() == 2) {
            throw SyntaxErrors.at(token, "empty quoted identifier \"\" is not allowed");
        }
        return text.substring(1, text.length() - 1).replace("\"\"", "\"");
    }

    static String keyspace(CqlParser.KeyspaceNameContext ctx) {
        if (ctx.identifier() == null) {
            throw bindMarkerAsName(ctx, "keyspace");
        }
        return of(ctx.identifier());
    }

    static QualifiedName table(CqlParser.TableNameContext ctx) {
        String keyspace = ctx.keyspaceName() == null ? null : keyspace(ctx.keyspaceName());
        CqlParser.TableIdentifierContext name = ctx.tableIdentifier();
        if (name.identifier() == null) {
            throw bindMarkerAsName(name, "table");
        }
        return new QualifiedName(keyspace, of(name.identifier()));
    }

    static String index(CqlParser.IndexIdentifierContext ctx) {
        if (ctx.identifier() == null) {
            throw bindMarkerAsName(ctx, "index");
        }
        return of(ctx.identifier());
    }

    static QualifiedName userType(CqlParser.UserTypeNameContext ctx) {
        String keyspace = ctx.keyspace == null ? null : of(ctx.keyspace);
        Token token = ctx.userTypeIdentifier().getStart();
        String name = fromToken(token);
        if (token.getType() == CqlLexer.IDENT && RESERVED_TYPE_NAMES.contains(name)) {
            throw SyntaxErrors.at(token, "Invalid (reserved) user type name " + token.getText());
        }
        return new QualifiedName(keyspace, name);
    }

    static QualifiedName function(CqlParser.FunctionNameContext ctx) {
        String keyspace = ctx.keyspace == null ? null : of(ctx.keyspace);
        return new QualifiedName(keyspace, fromToken(ctx.functionIdentifier().getStart()));
    }

    private static RuntimeException bindMarkerAsName(ParserRuleContext ctx, String what) {
        return SyntaxErrors.at(ctx.getStart(), "Bind variables cannot be used for " + what + " names");
    }
}
