package io.cairn.cql.parser;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a script (a {@code cairn shell} SOURCE file) into statements at the semicolons that
 * end them, with one pass of the lexer, so that each statement is then parsed on its own
 * within its own limits. Semicolons inside literals and comments are tokens of those, and a
 * BATCH ends only at APPLY BATCH.
 */
final class ScriptSplitter {

    /** One statement of a script, and where it starts in the script (line from 1, column from 0). */
    record Piece(String text, int line, int column) {
    }

    private ScriptSplitter() {
    }

    /**
     * @throws io.cairn.cql.error.CqlException SYNTAX_ERROR for a character no token allows,
     *                                         with its line in the script
     */
    static List<Piece> split(String script) {
        CharStream input = CharStreams.fromString(script);
        CqlLexer lexer = new CqlLexer(input);
        lexer.removeErrorListeners();
        lexer.addErrorListener(new LexerErrors());
        List<Piece> pieces = new ArrayList<>();
        Token first = null;
        Token last = null;
        boolean isBatch = false;
        boolean isBatchApplied = false;
        for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
            if (token.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            boolean endsStatement = token.getText().equals(";") && (!isBatch || isBatchApplied);
            if (endsStatement) {
                if (first != null) {
                    pieces.add(piece(input, first, last));
                }
                first = null;
                continue;
            }
            if (first == null) {
                first = token;
                isBatch = token.getType() == CqlLexer.K_BEGIN;
                isBatchApplied = false;
            } else if (isBatch && token.getType() == CqlLexer.K_BATCH && last.getType() == CqlLexer.K_APPLY) {
                isBatchApplied = true;
            }
            last = token;
        }
        if (first != null) {
            pieces.add(piece(input, first, last));
        }
        return pieces;
    }

    private static Piece piece(CharStream input, Token first, Token last) {
        String text = input.getText(Interval.of(first.getStartIndex(), last.getStopIndex()));
        return new Piece(text, first.getLine(), first.getCharPositionInLine());
    }
}
