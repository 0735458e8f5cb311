package io.cairn.tools.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts shell input into statements at semicolons that are outside strings, quoted names and
 * comments, across lines. Fed line by line; {@link #isPending()} tells the prompt whether a
 * statement is unfinished.
 */
public final class StatementSplitter {

    /** A statement longer than this is refused rather than buffered without end. */
    public static final int MAX_STATEMENT_CHARS = 1 << 20;

    private final StringBuilder current = new StringBuilder();
    private char quote;
    private boolean inBlockComment;
    private boolean inDollarString;

    /** Adds a line; returns the statements it completed (without their semicolons, trimmed). */
    public List<String> feed(String line) {
        List<String> complete = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
            if (inBlockComment) {
                if (c == '*' && next == '/') {
                    inBlockComment = false;
                    i += 2;
                } else {
                    i++;
                }
                continue;
            }
            if (inDollarString) {
                current.append(c);
                if (c == '$' && next == '$') {
                    current.append(next);
                    inDollarString = false;
                    i += 2;
                } else {
                    i++;
                }
                continue;
            }
            if (quote != 0) {
                current.append(c);
                if (c == quote) {
                    if (next == quote) {
                        current.append(next);
                        i += 2;
                        continue;
                    }
                    quote = 0;
                }
                i++;
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                current.append(c);
                i++;
            } else if (c == '$' && next == '$') {
                inDollarString = true;
                current.append("$$");
                i += 2;
            } else if (c == '-' && next == '-' || c == '/' && next == '/') {
                break;
            } else if (c == '/' && next == '*') {
                inBlockComment = true;
                i += 2;
            } else if (c == ';' && isInsideBatch()) {
                // BEGIN BATCH ... APPLY BATCH is one statement: its inner semicolons stay.
                current.append(c);
                i++;
            } else if (c == ';') {
                String statement = current.toString().trim();
                if (!statement.isEmpty()) {
                    complete.add(statement);
                }
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        if (current.length() > 0 && (quote != 0 || inDollarString)) {
            current.append('\n');
        } else if (current.length() > 0) {
            current.append(' ');
        }
        if (current.length() > MAX_STATEMENT_CHARS) {
            reset();
            throw new IllegalArgumentException("Statement longer than " + MAX_STATEMENT_CHARS + " characters");
        }
        return complete;
    }

    private static final java.util.regex.Pattern BATCH_START = java.util.regex.Pattern.compile(
            "(?is)BEGIN\\s+((UNLOGGED|COUNTER|LOGGED)\\s+)?BATCH\\b.*");
    private static final java.util.regex.Pattern BATCH_END = java.util.regex.Pattern.compile(
            "(?is).*\\bAPPLY\\s+BATCH\\s*");

    private boolean isInsideBatch() {
        String text = current.toString().trim();
        return BATCH_START.matcher(text).matches() && !BATCH_END.matcher(text).matches();
    }

    /** Whether an unfinished statement is buffered. */
    public boolean isPending() {
        return !current.toString().isBlank() || quote != 0 || inBlockComment || inDollarString;
    }

    /** What is buffered, for a script that ends without a final semicolon. */
    public String remainder() {
        return current.toString().trim();
    }

    public void reset() {
        current.setLength(0);
        quote = 0;
        inBlockComment = false;
        inDollarString = false;
    }
}
