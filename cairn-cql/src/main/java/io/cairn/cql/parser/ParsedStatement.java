package io.cairn.cql.parser;

import io.cairn.cql.ast.Statement;
import io.cairn.cql.ast.Term;

import java.util.List;
import java.util.Objects;

/**
 * A statement with what PREPARE needs: the query text it was parsed from (the key of the
 * session's parse cache) and its bind markers in order.
 *
 * @param query       the text parsed; for a statement of a script, its own text without the
 *                    terminating semicolon
 * @param bindMarkers every bind marker of the statement, at its index: marker {@code i} is
 *                    {@code bindMarkers().get(i)}
 */
public record ParsedStatement(String query, Statement statement, List<Term.BindMarker> bindMarkers) {

    public ParsedStatement {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(statement, "statement");
        bindMarkers = List.copyOf(bindMarkers);
        for (int i = 0; i < bindMarkers.size(); i++) {
            assert bindMarkers.get(i).index() == i : "bind marker " + i + " has index " + bindMarkers.get(i).index();
        }
    }

    /** How many values an execution of this statement binds. */
    public int bindMarkerCount() {
        return bindMarkers.size();
    }
}
