package io.cairn.cql.parser;

import io.cairn.cql.ast.Term;
import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.List;

/**
 * What the builders of one statement share: the bind markers met so far, numbered in order
 * of appearance, and the nesting depth of the tree being built, bounded so that the tree's
 * own recursive methods (equals, hashCode, the analyzer's walks) stay shallow.
 *
 * <p>Builders visit a statement left to right, which is what makes marker numbers follow
 * the text; {@link #newMarker} asserts it.
 */
final class BuildState {

    private final int maxNestingDepth;
    private final List<Term.BindMarker> markers = new ArrayList<>();
    private int lastMarkerTokenIndex = -1;
    private int depth;

    BuildState(int maxNestingDepth) {
        this.maxNestingDepth = maxNestingDepth;
    }

    /**
     * The next bind marker.
     *
     * @param name the canonical name of a named marker, {@code null} for {@code ?}
     * @param at   the marker's first token
     */
    Term.BindMarker newMarker(String name, Token at) {
        assert at.getTokenIndex() > lastMarkerTokenIndex : "bind markers built out of textual order";
        lastMarkerTokenIndex = at.getTokenIndex();
        Term.BindMarker marker = new Term.BindMarker(markers.size(), name);
        markers.add(marker);
        return marker;
    }

    List<Term.BindMarker> markers() {
        return List.copyOf(markers);
    }

    /** Goes one level deeper into the tree, at {@code at}; fails past the limit. */
    void enter(Token at) {
        enter(1, at);
    }

    /** Goes {@code levels} deeper at once, for chains built in a loop; fails past the limit. */
    void enter(int levels, Token at) {
        depth += levels;
        if (depth > maxNestingDepth) {
            throw SyntaxErrors.nestedTooDeeply(at, maxNestingDepth);
        }
    }

    void exit() {
        exit(1);
    }

    void exit(int levels) {
        depth -= levels;
        assert depth >= 0 : "exited more levels than entered";
    }
}
