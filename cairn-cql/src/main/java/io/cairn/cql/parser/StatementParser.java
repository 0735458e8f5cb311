package io.cairn.cql.parser;

import io.cairn.cql.ast.Statement;
import io.cairn.cql.error.CqlException;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses CQL text into syntax trees ({@link io.cairn.cql.ast}). It knows no schema: names
 * are canonical but unresolved, terms untyped.
 *
 * <p>Every failure is a {@link CqlException} with {@link io.cairn.cql.error.ErrorCode#SYNTAX_ERROR},
 * worded as Cassandra 5.0 words it ({@code line 1:9 no viable alternative at input 'FORM'
 * (SELECT * [FORM]...)}); nothing else escapes, whatever the input. Statements beyond the
 * {@link ParserLimits} fail the same way, before any costly work.
 *
 * <p>Parsing takes two stages, as ANTLR recommends: SLL prediction first, which is fast and
 * right for nearly every statement, then full LL prediction only when SLL fails, to tell a
 * real syntax error from a limit of SLL and report it.
 *
 * <p>Thread-safe: each call builds its own lexer and parser; ANTLR's prediction caches are
 * shared and synchronized by ANTLR.
 */
public final class StatementParser {

    private final ParserLimits limits;

    public StatementParser() {
        this(ParserLimits.DEFAULT);
    }

    public StatementParser(ParserLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ParserLimits limits() {
        return limits;
    }

    /**
     * Parses one statement, optionally followed by semicolons.
     *
     * @throws CqlException SYNTAX_ERROR if {@code cql} is not one valid statement
     */
    public ParsedStatement parse(String cql) {
        Objects.requireNonNull(cql, "cql");
        return parse(cql, 1, 0);
    }

    /**
     * Parses a script: statements separated by semicolons, as in a file given to
     * {@code cairn shell}'s SOURCE. Error positions are the script's.
     *
     * @return the statements in order, each with its own text and bind markers; empty for a
     *         script of only comments and semicolons
     * @throws CqlException SYNTAX_ERROR at the first statement that does not parse
     */
    public List<ParsedStatement> parseScript(String script) {
        Objects.requireNonNull(script, "script");
        List<ParsedStatement> statements = new ArrayList<>();
        for (ScriptSplitter.Piece piece : ScriptSplitter.split(script)) {
            statements.add(parse(piece.text(), piece.line(), piece.column()));
        }
        return statements;
    }

    /** Parses {@code cql}, which starts at {@code line}:{@code column} of what the user wrote. */
    private ParsedStatement parse(String cql, int line, int column) {
        if (cql.length() > limits.maxStatementChars()) {
            throw SyntaxErrors.tooLong(cql.length(), limits.maxStatementChars());
        }
        try {
            CommonTokenStream tokens = tokens(cql, line, column);
            LexerErrors.rejectUnterminatedComment(tokens.getTokens());
            NestingScanner.check(tokens.getTokens(), limits.maxNestingDepth());
            CqlParser.SingleStatementContext tree = parseTree(tokens);
            StatementBuilder builder = new StatementBuilder(limits.maxNestingDepth());
            Statement statement = builder.build(tree.statement());
            return new ParsedStatement(cql, statement, builder.bindMarkers());
        } catch (StackOverflowError e) {
            // Unreachable within the default limits, which NestingScanner enforces before
            // any recursion; a deployment that raises maxNestingDepth past what its thread
            // stacks hold still gets a syntax error rather than a dead connection.
            throw CqlException.syntax("Statement nested too deeply to parse (more than the thread's stack holds)");
        }
    }

    private static CommonTokenStream tokens(String cql, int line, int column) {
        CqlLexer lexer = new CqlLexer(CharStreams.fromString(cql));
        lexer.removeErrorListeners();
        lexer.addErrorListener(new LexerErrors());
        lexer.setLine(line);
        lexer.setCharPositionInLine(column);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        return tokens;
    }

    private static CqlParser.SingleStatementContext parseTree(CommonTokenStream tokens) {
        CqlParser parser = new CqlParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        try {
            return parser.singleStatement();
        } catch (ParseCancellationException sllFailed) {
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            try {
                return parser.singleStatement();
            } catch (ParseCancellationException failed) {
                throw syntaxError(failed, tokens, parser);
            }
        }
    }

    private static CqlException syntaxError(ParseCancellationException failed, CommonTokenStream tokens,
                                            CqlParser parser) {
        if (failed.getCause() instanceof RecognitionException e) {
            return SyntaxErrors.fromRecognition(e, tokens, parser.getVocabulary());
        }
        return SyntaxErrors.at(tokens.LT(1), "syntax error");
    }
}
