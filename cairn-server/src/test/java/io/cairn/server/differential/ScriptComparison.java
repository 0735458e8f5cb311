package io.cairn.server.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cairn's answers to one script compared, statement by statement, with the answers recorded from the reference.
 * Rows, column names and types must be identical; errors must be of the same kind, and a message worded
 * differently is only reported. A statement marked as a known difference must still differ: once it matches, the
 * mark must go, so that the counts stay honest.
 */
record ScriptComparison(String script, int statements, int identical, int sameErrorKind, int knownDifferences,
                        List<String> failures, List<String> notes) {

    static ScriptComparison compare(DifferentialScript script, ExpectedResults expected, List<Outcome> actual) {
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<DifferentialScript.Statement> statements = script.statements();
        if (expected.blocks().size() != statements.size()) {
            failures.add(script.name() + ": the expected results hold " + expected.blocks().size()
                    + " statements, the script " + statements.size() + ": re-record them (README.md)");
            return new ScriptComparison(script.name(), statements.size(), 0, 0, 0, failures, notes);
        }
        int identical = 0;
        int sameErrorKind = 0;
        int knownDifferences = 0;
        for (int i = 0; i < statements.size(); i++) {
            DifferentialScript.Statement statement = statements.get(i);
            ExpectedResults.Block block = expected.blocks().get(i);
            Outcome cairn = actual.get(i);
            String where = script.name() + ".cql:" + statement.line() + ": " + statement.oneLine();
            if (!block.statement().equals(statement.oneLine())) {
                failures.add(where + "\n  the expected results were recorded for another statement: "
                        + block.statement() + "\n  re-record them (README.md)");
                continue;
            }
            String answers = "\n  Cassandra: " + String.join("\n             ", block.outcome().lines())
                    + "\n  Cairn:     " + String.join("\n             ", cairn.lines());
            boolean matches = block.outcome().matches(cairn);
            if (statement.isKnownDifference()) {
                if (matches) {
                    failures.add(where + "\n  is marked as a known difference (" + statement.knownDifference()
                            + ") but now answers like Cassandra: remove the mark" + answers);
                } else {
                    knownDifferences++;
                    notes.add(where + "\n  known difference: " + statement.knownDifference() + answers);
                }
            } else if (!matches) {
                failures.add(where + answers);
            } else if (block.outcome().equals(cairn)) {
                identical++;
            } else {
                sameErrorKind++;
                notes.add(where + "\n  same error kind, another message:" + answers);
            }
        }
        return new ScriptComparison(script.name(), statements.size(), identical, sameErrorKind, knownDifferences,
                List.copyOf(failures), List.copyOf(notes));
    }

    String summary() {
        return String.format(Locale.ROOT, "%-34s %4d statements, %4d identical, %3d same error kind with another message, "
                + "%3d known differences, %3d failures", script, statements, identical, sameErrorKind,
                knownDifferences, failures.size());
    }
}
