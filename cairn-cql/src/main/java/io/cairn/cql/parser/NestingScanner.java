package io.cairn.cql.parser;

import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;

import java.util.Arrays;
import java.util.List;

/**
 * Bounds bracket nesting before parsing. ANTLR parses by recursive descent, and so does its
 * prediction; a statement like {@code ((((...} a hundred thousand deep would overflow the
 * stack long before any builder could count levels. One linear pass over the tokens counts
 * {@code ( [ {} and, after a generic type's keyword ({@code frozen list set map tuple
 * vector}), {@code <}: every rule of the grammar that recurses does so inside one of those,
 * so their depth bounds the parser's.
 *
 * <p>The count may only err upwards: a column named like a generic type and compared with
 * {@code <} ({@code WHERE list < 5}) opens an angle bracket that nothing closes until the
 * next {@code ) ] }}; it takes dozens of those in one statement to matter.
 */
final class NestingScanner {

    private static final int OPEN_PAREN = literalType("(");
    private static final int CLOSE_PAREN = literalType(")");
    private static final int OPEN_BRACKET = literalType("[");
    private static final int CLOSE_BRACKET = literalType("]");
    private static final int OPEN_BRACE = literalType("{");
    private static final int CLOSE_BRACE = literalType("}");
    private static final int OPEN_ANGLE = literalType("<");
    private static final int CLOSE_ANGLE = literalType(">");

    private NestingScanner() {
    }

    /**
     * @throws io.cairn.cql.error.CqlException SYNTAX_ERROR at the first opening bracket past
     *                                         {@code maxNestingDepth}
     */
    static void check(List<Token> tokens, int maxNestingDepth) {
        int[] open = new int[Math.min(maxNestingDepth, 64) + 1];
        int depth = 0;
        int previous = Token.INVALID_TYPE;
        for (Token token : tokens) {
            if (token.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            int type = token.getType();
            boolean opens = type == OPEN_PAREN || type == OPEN_BRACKET || type == OPEN_BRACE
                    || (type == OPEN_ANGLE && isGenericTypeKeyword(previous));
            if (opens) {
                if (depth == maxNestingDepth) {
                    throw SyntaxErrors.nestedTooDeeply(token, maxNestingDepth);
                }
                if (depth == open.length) {
                    open = Arrays.copyOf(open, Math.min(maxNestingDepth, open.length * 2) + 1);
                }
                open[depth++] = type;
            } else if (type == CLOSE_ANGLE) {
                if (depth > 0 && open[depth - 1] == OPEN_ANGLE) {
                    depth--;
                }
            } else if (type == CLOSE_PAREN || type == CLOSE_BRACKET || type == CLOSE_BRACE) {
                // Angle brackets left open inside are errors the parser reports; close them.
                while (depth > 0 && open[depth - 1] == OPEN_ANGLE) {
                    depth--;
                }
                if (depth > 0) {
                    depth--;
                }
            }
            previous = type;
        }
    }

    private static boolean isGenericTypeKeyword(int type) {
        return type == CqlLexer.K_FROZEN || type == CqlLexer.K_LIST || type == CqlLexer.K_SET
                || type == CqlLexer.K_MAP || type == CqlLexer.K_TUPLE || type == CqlLexer.K_VECTOR;
    }

    private static int literalType(String literal) {
        Vocabulary vocabulary = CqlLexer.VOCABULARY;
        String quoted = "'" + literal + "'";
        for (int type = 1; type <= vocabulary.getMaxTokenType(); type++) {
            if (quoted.equals(vocabulary.getLiteralName(type))) {
                return type;
            }
        }
        throw new IllegalStateException("The grammar has no token " + quoted);
    }
}
