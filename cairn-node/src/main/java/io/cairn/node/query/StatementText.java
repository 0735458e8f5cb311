package io.cairn.node.query;

import java.util.regex.Pattern;

/**
 * A statement's text as it may be shown beyond its client (a trace, the slow query log): with
 * the passwords of role statements hidden ({@code PASSWORD = 'x'} becomes {@code PASSWORD = '*****'}).
 */
public final class StatementText {

    /** A password and its literal: quoted ('' inside) or between $$ pairs. */
    private static final Pattern PASSWORD = Pattern.compile("(?is)(PASSWORD\\s*=?\\s*)(?:'(?:[^']|'')*'|\\$\\$.*?\\$\\$)");

    private StatementText() {
    }

    /** {@code statement} with every password literal hidden. */
    public static String redacted(String statement) {
        if (statement.toUpperCase(java.util.Locale.ROOT).indexOf("PASSWORD") < 0) {
            return statement;
        }
        return PASSWORD.matcher(statement).replaceAll("$1'*****'");
    }
}
