package io.cairn.cql.parser;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.LexerNoViableAltException;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

import java.util.List;
import java.util.Locale;

/**
 * Turns the lexer's first error into a SYNTAX_ERROR at once, worded as Cassandra does:
 * {@code line 1:7 no viable alternative at character '#'}, or for a literal or comment left
 * open, {@code line 1:7 mismatched character '<EOF>' expecting '''}.
 */
final class LexerErrors extends BaseErrorListener {

    LexerErrors() {
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String msg, RecognitionException e) {
        String text = "";
        boolean reachedEnd = false;
        if (e instanceof LexerNoViableAltException failure) {
            CharStream input = failure.getInputStream();
            int start = failure.getStartIndex();
            reachedEnd = input.index() >= input.size();
            text = input.getText(Interval.of(start, Math.min(input.index(), input.size() - 1)));
        }
        throw SyntaxErrors.at(line, charPositionInLine, describe(text, reachedEnd));
    }

    /**
     * A comment opened and never closed lexes as {@code /} then {@code *}, adjacent: a
     * closed one would have been a comment, and no statement has {@code /*} otherwise
     * ({@code *} cannot start an operand). Reports it as the lexer error it is.
     */
    static void rejectUnterminatedComment(List<Token> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token slash = tokens.get(i);
            Token star = tokens.get(i + 1);
            if (slash.getText().equals("/") && star.getText().equals("*")
                    && star.getStartIndex() == slash.getStopIndex() + 1) {
                throw SyntaxErrors.at(slash, describe("/*", true));
            }
        }
    }

    private static String describe(String text, boolean reachedEnd) {
        if (reachedEnd) {
            if (text.startsWith("'")) {
                return "mismatched character '<EOF>' expecting '''";
            }
            if (text.startsWith("\"")) {
                return "mismatched character '<EOF>' expecting '\"'";
            }
            if (text.startsWith("$$")) {
                return "mismatched character '<EOF>' expecting '$$'";
            }
            if (text.startsWith("/*")) {
                return "mismatched character '<EOF>' expecting '*/'";
            }
        }
        if (text.isEmpty()) {
            return "no viable alternative at character '<EOF>'";
        }
        return "no viable alternative at character '" + printable(text.codePointAt(0)) + "'";
    }

    private static String printable(int codePoint) {
        if (codePoint < 0x20 || codePoint == 0x7f || Character.isWhitespace(codePoint)) {
            return String.format(Locale.ROOT, "\\u%04x", codePoint);
        }
        return new String(Character.toChars(codePoint));
    }
}
