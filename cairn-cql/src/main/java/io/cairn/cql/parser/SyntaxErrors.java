package io.cairn.cql.parser;

import io.cairn.cql.error.CqlException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.List;

/**
 * SYNTAX_ERROR exceptions worded as Cassandra words them: {@code line 1:9 no viable
 * alternative at input 'FORM' (SELECT * [FORM] t)}, {@code line 1:16 mismatched input 'x'
 * expecting EOF (...)}. Line numbers count from 1, columns from 0, as in Cassandra.
 */
final class SyntaxErrors {

    /** Tokens of context shown before the offending one (whitespace counts, as in Cassandra). */
    private static final int SNIPPET_TOKENS_BEFORE = 10;
    /** Tokens of context shown at most after the highlighted one (whitespace counts). */
    private static final int SNIPPET_TOKENS_AFTER = 2;
    /** A longer token is abbreviated in messages: a megabyte literal is no help to read. */
    private static final int MAX_TOKEN_CHARS_SHOWN = 40;
    /** A longer list of expected tokens is left out: it would list half the grammar. */
    private static final int MAX_EXPECTED_TOKENS_SHOWN = 8;

    private SyntaxErrors() {
    }

    /** {@code line L:C message}. */
    static CqlException at(Token token, String message) {
        return CqlException.syntax(position(token) + " " + message);
    }

    static CqlException at(int line, int column, String message) {
        return CqlException.syntax("line " + line + ":" + column + " " + message);
    }

    static CqlException nestedTooDeeply(Token at, int maxNestingDepth) {
        return at(at, "statement nested too deeply at " + quote(at)
                + " (more than " + maxNestingDepth + " levels of nesting)");
    }

    static CqlException tooLong(int chars, int maxStatementChars) {
        return CqlException.syntax("Statement too long: " + chars + " characters, more than the "
                + maxStatementChars + " allowed");
    }

    /**
     * The error the parser stopped at, with a snippet of the statement around it. As in
     * Cassandra, an error at the end of the input has no position ({@code line 0:-1}) and no
     * snippet, and a string or quoted name is named by its text without quotes.
     */
    static CqlException fromRecognition(RecognitionException e, TokenStream tokens, Vocabulary vocabulary) {
        Token offending = e.getOffendingToken();
        if (offending == null) {
            offending = tokens.LT(1);
        }
        String message;
        if (e instanceof NoViableAltException) {
            message = "no viable alternative at input " + quote(offending);
        } else if (e instanceof InputMismatchException) {
            message = "mismatched input " + quote(offending) + expecting(e, vocabulary);
        } else {
            message = "syntax error at input " + quote(offending);
        }
        if (offending.getType() == Token.EOF) {
            return CqlException.syntax("line 0:-1 " + message);
        }
        // Cassandra's parser marks where the failed choice began and shows the input it read.
        Token highlighted = e instanceof NoViableAltException noViable && noViable.getStartToken() != null
                && noViable.getStartToken().getType() != Token.EOF ? noViable.getStartToken() : offending;
        return CqlException.syntax(position(offending) + " " + message + snippet(tokens, highlighted, offending));
    }

    private static String position(Token token) {
        return "line " + token.getLine() + ":" + token.getCharPositionInLine();
    }

    private static String quote(Token token) {
        return token.getType() == Token.EOF ? "'<EOF>'" : "'" + abbreviate(text(token)) + "'";
    }

    /** A token's text as Cassandra's lexer keeps it: a string or quoted name without its quotes. */
    private static String text(Token token) {
        String raw = token.getText();
        boolean quotedString = token.getType() == CqlLexer.STRING_LITERAL && raw.startsWith("'");
        if (quotedString || token.getType() == CqlLexer.QUOTED_NAME) {
            String quote = quotedString ? "'" : "\"";
            return raw.substring(1, raw.length() - 1).replace(quote + quote, quote);
        }
        return raw;
    }

    private static String expecting(RecognitionException e, Vocabulary vocabulary) {
        IntervalSet expected;
        try {
            expected = e.getExpectedTokens();
        } catch (RuntimeException unavailable) {
            // The expected set is a nicety: without it the message is still the error.
            return "";
        }
        if (expected == null || expected.isNil() || expected.size() > MAX_EXPECTED_TOKENS_SHOWN) {
            return "";
        }
        List<Integer> types = expected.toList();
        StringBuilder out = new StringBuilder(" expecting ");
        if (types.size() > 1) {
            out.append('{');
        }
        for (int i = 0; i < types.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(displayName(types.get(i), vocabulary));
        }
        if (types.size() > 1) {
            out.append('}');
        }
        return out.toString();
    }

    /** K_FROM, IDENT, STRING_LITERAL as Cassandra names tokens; punctuation quoted. */
    private static String displayName(int type, Vocabulary vocabulary) {
        if (type == Token.EOF) {
            return "EOF";
        }
        String symbolic = vocabulary.getSymbolicName(type);
        return symbolic != null ? symbolic : vocabulary.getDisplayName(type);
    }

    /**
     * {@code " (... tokens [highlighted] tokens...)"}: the statement from ten tokens (whitespace
     * counts) before the highlighted one to the offending one (at most two past the highlighted),
     * its lines joined, as Cassandra shows it. Like Cassandra's, the brackets span the length of
     * the token's text without quotes.
     */
    private static String snippet(TokenStream tokens, Token highlighted, Token offending) {
        int highlightedIndex = highlighted.getTokenIndex();
        int last = tokens.size() - 1;
        while (last >= 0 && tokens.get(last).getType() == Token.EOF) {
            last--;
        }
        if (highlightedIndex < 0 || last < 0) {
            return "";
        }
        int from = Math.max(0, highlightedIndex - SNIPPET_TOKENS_BEFORE);
        int to = Math.min(last, Math.max(highlightedIndex,
                Math.min(offending.getTokenIndex(), highlightedIndex + SNIPPET_TOKENS_AFTER)));
        StringBuilder out = new StringBuilder(" (");
        if (from > 0) {
            out.append("...");
        }
        boolean cut = false;
        for (int i = from; i <= to; i++) {
            Token token = tokens.get(i);
            String raw = token.getText();
            int length = Math.min(raw.length(), text(token).length());
            if (i == to && length < raw.length()) {
                // Cassandra ends the snippet where the last token's unquoted text would end.
                raw = raw.substring(0, length);
                cut = true;
            }
            if (i == highlightedIndex) {
                out.append('[').append(abbreviate(raw.substring(0, length))).append(']')
                        .append(abbreviate(raw.substring(length)));
            } else {
                out.append(abbreviate(raw));
            }
        }
        if (to < last || cut) {
            out.append("...");
        }
        return out.append(')').toString().replace("\n", "");
    }

    private static String abbreviate(String text) {
        if (text.length() <= MAX_TOKEN_CHARS_SHOWN) {
            return text;
        }
        return text.substring(0, MAX_TOKEN_CHARS_SHOWN - 3) + "...";
    }
}
