package io.cairn.cql.parser;

import io.cairn.cql.ast.DescribeStatement;
import io.cairn.cql.ast.DescribeStatement.Kind;
import io.cairn.cql.error.CqlException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds {@code DESCRIBE} from the words after it, as Cassandra 5.0's grammar reads them: a
 * word naming what to describe (KEYSPACES, TABLE t, ...) wins over a name; anything else is
 * {@code DESCRIBE [keyspace.]name}; {@code WITH INTERNALS} may follow.
 */
final class DescribeBuilder {

    private static final Map<String, Kind> LISTINGS = Map.of("keyspaces", Kind.KEYSPACES, "tables", Kind.TABLES,
            "types", Kind.TYPES, "functions", Kind.FUNCTIONS, "aggregates", Kind.AGGREGATES, "cluster", Kind.CLUSTER,
            "schema", Kind.SCHEMA);
    private static final Map<String, Kind> NAMED = Map.of("table", Kind.TABLE, "columnfamily", Kind.TABLE,
            "index", Kind.INDEX, "type", Kind.TYPE, "function", Kind.FUNCTION, "aggregate", Kind.AGGREGATE);

    private final List<Token> tokens;
    private final Token describe;
    private int next;

    private DescribeBuilder(Token describe, List<Token> tokens) {
        this.describe = describe;
        this.tokens = tokens;
    }

    static DescribeStatement build(CqlParser.DescribeStatementContext ctx) {
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < ctx.looseTail().getChildCount(); i++) {
            if (ctx.looseTail().getChild(i) instanceof TerminalNode terminal) {
                tokens.add(terminal.getSymbol());
            }
        }
        return new DescribeBuilder(ctx.getStart(), tokens).statement();
    }

    private DescribeStatement statement() {
        Kind kind;
        String[] name = {null, null};
        String word = word();
        if (word != null && LISTINGS.containsKey(word)) {
            next++;
            kind = LISTINGS.get(word);
        } else if ("full".equals(word) && "schema".equals(word(1))) {
            next += 2;
            kind = Kind.FULL_SCHEMA;
        } else if ("only".equals(word) && "keyspace".equals(word(1)) || "keyspace".equals(word)) {
            next += "only".equals(word) ? 2 : 1;
            kind = "only".equals(word) ? Kind.ONLY_KEYSPACE : Kind.KEYSPACE;
            if (next < tokens.size() && !"with".equals(word())) {
                name[0] = name();
            }
        } else if ("materialized".equals(word) && "view".equals(word(1))) {
            next += 2;
            kind = Kind.MATERIALIZED_VIEW;
            name = qualifiedName();
        } else if (word != null && NAMED.containsKey(word)) {
            next++;
            kind = NAMED.get(word);
            name = qualifiedName();
        } else {
            kind = Kind.ELEMENT;
            name = qualifiedName();
        }
        boolean internals = false;
        if ("with".equals(word()) && "internals".equals(word(1))) {
            next += 2;
            internals = true;
        }
        if (next < tokens.size()) {
            throw noViableAlternative(tokens.get(next));
        }
        return new DescribeStatement(kind, name[0], name[1], internals);
    }

    /** The next token as a lower-case word, or null past the end or for a quoted name. */
    private String word() {
        return word(0);
    }

    private String word(int ahead) {
        int at = next + ahead;
        if (at >= tokens.size() || tokens.get(at).getType() == CqlLexer.QUOTED_NAME) {
            return null;
        }
        return tokens.get(at).getText().toLowerCase(Locale.ROOT);
    }

    private String name() {
        if (next >= tokens.size()) {
            throw CqlException.syntax("line 0:-1 no viable alternative at input '<EOF>'");
        }
        Token token = tokens.get(next++);
        if (token.getType() != CqlLexer.QUOTED_NAME && !Character.isLetter(token.getText().charAt(0))) {
            throw noViableAlternative(token);
        }
        return Identifiers.fromToken(token);
    }

    /** {@code [keyspace.]name}: the keyspace (or null) and the name. */
    private String[] qualifiedName() {
        String first = name();
        if (next < tokens.size() && tokens.get(next).getText().equals(".")) {
            next++;
            return new String[] {first, name()};
        }
        return new String[] {null, first};
    }

    /**
     * As Cassandra words it: the alternative that failed began at the first word after DESCRIBE
     * (when the failure is within two words of it), shown in brackets, up to the offending word.
     */
    private CqlException noViableAlternative(Token token) {
        int at = tokens.indexOf(token);
        int highlighted = at <= 2 ? 0 : at;
        StringBuilder input = new StringBuilder(describe.getText());
        for (int i = 0; i <= at; i++) {
            String text = tokens.get(i).getText();
            input.append(' ').append(i == highlighted ? "[" + text + "]" : text);
        }
        if (at + 1 < tokens.size()) {
            input.append("...");
        }
        return SyntaxErrors.at(token, "no viable alternative at input '" + token.getText() + "' (" + input + ")");
    }
}
