package io.cairn.server.differential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A script of the differential suite: CQL statements separated by {@code ;}, with {@code --}, {@code //} and
 * {@code /* *}{@code /} comments. A {@code BEGIN ... APPLY BATCH} counts as one statement. Comment lines between two
 * statements may carry directives for the statement that follows them: {@code -- known difference: <reason>} marks
 * it, and {@code -- bind: <literal>, <literal>, ...} runs it as a prepared statement bound to those values (CQL
 * literals, parsed by the driver's codecs for the bind markers' types; {@code name = <literal>} binds by name).
 *
 * <p>Each script runs in a fresh keyspace of its own, named after the file ({@link #keyspace()}), which is the
 * session's keyspace, so statements name their tables without a keyspace.
 */
record DifferentialScript(String name, List<Statement> statements) {

    static final String KNOWN_DIFFERENCE = "known difference:";
    static final String BIND = "bind:";
    static final String CONSISTENCY = "consistency:";

    /**
     * One statement: its text as written, the line it starts on, the reason it is a known difference (or null), and
     * the values to bind it to when it runs prepared (or null when it runs as a plain statement), and the consistency
     * level it runs at ({@code -- consistency: SERIAL}, or {@code QUORUM/LOCAL_SERIAL} for a level and a serial
     * level), or null for the driver's default.
     */
    record Statement(String cql, int line, String knownDifference, List<String> bindValues, String consistency) {

        Statement(String cql, int line, String knownDifference, List<String> bindValues) {
            this(cql, line, knownDifference, bindValues, null);
        }

        /** The statement on one line, as the expected-results file shows it, with its bound values if any. */
        String oneLine() {
            String text = cql.replaceAll("\\s+", " ");
            text = isPrepared() ? text + " -- bind: " + String.join(", ", bindValues) : text;
            return consistency == null ? text : text + " -- consistency: " + consistency;
        }

        boolean isPrepared() {
            return bindValues != null;
        }

        boolean isKnownDifference() {
            return knownDifference != null;
        }
    }

    /** The keyspace the script runs in: {@code diff_} and the file name without extension, dashes as underscores. */
    String keyspace() {
        return "diff_" + name.replace('-', '_').toLowerCase(Locale.ROOT);
    }

    static DifferentialScript read(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".cql".length());
        try {
            return parse(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DifferentialScript parse(String name, String text) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String knownDifference = null;
        List<String> bindValues = null;
        String consistency = null;
        int line = 1;
        int startLine = 1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean atStart = current.toString().isBlank();
            if (c == '-' && text.startsWith("--", i) || c == '/' && text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                end = end < 0 ? text.length() : end;
                String comment = text.substring(i + 2, end).trim();
                if (atStart && comment.toLowerCase(Locale.ROOT).startsWith(KNOWN_DIFFERENCE)) {
                    knownDifference = comment.substring(KNOWN_DIFFERENCE.length()).trim();
                } else if (atStart && comment.toLowerCase(Locale.ROOT).startsWith(BIND)) {
                    bindValues = splitLiterals(comment.substring(BIND.length()));
                } else if (atStart && comment.toLowerCase(Locale.ROOT).startsWith(CONSISTENCY)) {
                    consistency = comment.substring(CONSISTENCY.length()).trim().toUpperCase(Locale.ROOT);
                }
                current.append(' ');
                i = end;
                continue;
            }
            if (c == '/' && text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                line += count(text.substring(i, end), '\n');
                current.append(' ');
                i = end;
                continue;
            }
            if (atStart && !Character.isWhitespace(c)) {
                startLine = line;
            }
            if (c == '\'' || c == '"' || c == '$' && text.startsWith("$$", i)) {
                String close = c == '$' ? "$$" : String.valueOf(c);
                int end = closingQuote(text, i + close.length(), close);
                String literal = text.substring(i, end);
                line += count(literal, '\n');
                current.append(literal);
                i = end;
                continue;
            }
            if (c == ';' && !isUnfinishedBatch(current.toString())) {
                addStatement(statements, current.toString(), startLine, knownDifference, bindValues, consistency);
                knownDifference = null;
                bindValues = null;
                consistency = null;
                current.setLength(0);
                i++;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            current.append(c);
            i++;
        }
        addStatement(statements, current.toString(), startLine, knownDifference, bindValues, consistency);
        return new DifferentialScript(name, List.copyOf(statements));
    }

    private static void addStatement(List<Statement> statements, String text, int line, String knownDifference,
                                     List<String> bindValues, String consistency) {
        String cql = text.strip();
        if (!cql.isEmpty()) {
            statements.add(new Statement(cql, line, knownDifference, bindValues, consistency));
        } else if (knownDifference != null || bindValues != null || consistency != null) {
            throw new IllegalArgumentException("line " + line + ": a directive without a statement");
        }
    }

    /** Splits {@code 1, 'a,b', [1, 2], {'k': 3}} into its literals: commas inside quotes or brackets do not split. */
    static List<String> splitLiterals(String text) {
        List<String> literals = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']' || c == '}')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                literals.add(current.toString().strip());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (!current.toString().isBlank()) {
            literals.add(current.toString().strip());
        }
        return List.copyOf(literals);
    }

    /** A batch's inner statements end with {@code ;} too: the batch ends only with {@code APPLY BATCH}. */
    private static boolean isUnfinishedBatch(String statement) {
        String words = statement.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        return words.startsWith("BEGIN ") && !words.endsWith("APPLY BATCH");
    }

    /** The index just past the literal's closing quote; a doubled quote inside a literal escapes it. */
    private static int closingQuote(String text, int from, String close) {
        int i = from;
        while (true) {
            int end = text.indexOf(close, i);
            if (end < 0) {
                return text.length();
            }
            if (close.length() == 1 && text.startsWith(close + close, end)) {
                i = end + 2;
                continue;
            }
            return end + close.length();
        }
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(x -> x == c).count();
    }
}
