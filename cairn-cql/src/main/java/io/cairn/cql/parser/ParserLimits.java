package io.cairn.cql.parser;

/**
 * Bounds on what the parser accepts, so that no statement costs unbounded memory, time or
 * stack. Statements beyond a bound fail with a SYNTAX_ERROR that names it.
 *
 * @param maxStatementChars the longest statement, in UTF-16 characters. The default, 1 MiB,
 *                          is above Cassandra's default {@code batch_size_fail_threshold}
 *                          (640 KiB of mutations), so any batch Cassandra would accept fits,
 *                          while one parse stays within a few tens of megabytes of tokens and
 *                          tree. It applies to each statement of a script, not to the script.
 * @param maxNestingDepth   the deepest nesting of brackets ({@code ( [ { <}) and of terms,
 *                          selectors and types (casts, signs, field and element selection,
 *                          operators each count a level). The parser's and the tree's
 *                          recursion grow with it; the default, 64, is an order of magnitude
 *                          above what real schemas and queries use and keeps the deepest
 *                          recursion far from the smallest thread stack a server runs on.
 *                          Raising it far (thousands) needs thread stacks to match: a stack
 *                          overflow is still reported as a syntax error, but as a last resort.
 */
public record ParserLimits(int maxStatementChars, int maxNestingDepth) {

    /** 1 MiB statements, 64 levels of nesting. */
    public static final ParserLimits DEFAULT = new ParserLimits(1024 * 1024, 64);

    public ParserLimits {
        if (maxStatementChars < 1) {
            throw new IllegalArgumentException("maxStatementChars must be positive, not " + maxStatementChars);
        }
        if (maxNestingDepth < 1) {
            throw new IllegalArgumentException("maxNestingDepth must be positive, not " + maxNestingDepth);
        }
    }

    public ParserLimits withMaxStatementChars(int chars) {
        return new ParserLimits(chars, maxNestingDepth);
    }

    public ParserLimits withMaxNestingDepth(int depth) {
        return new ParserLimits(maxStatementChars, depth);
    }
}
