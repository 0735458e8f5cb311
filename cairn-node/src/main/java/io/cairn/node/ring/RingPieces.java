package io.cairn.node.ring;

import io.cairn.storage.TokenRange;

import java.util.ArrayList;
import java.util.List;

/**
 * A token range cut at the ring's tokens: each piece lies between two consecutive tokens, so
 * one set of replicas holds all of it (those of its end token).
 */
public final class RingPieces {

    private RingPieces() {
    }

    /** The parts of {@code range} between consecutive ring {@code tokens} (sorted), in token order. */
    public static List<TokenRange> of(TokenRange range, List<Long> tokens) {
        List<TokenRange> pieces = new ArrayList<>();
        long start = range.start();
        boolean startInclusive = range.startInclusive();
        for (long token : tokens) {
            if (token <= start || token >= range.end()) {
                continue;
            }
            pieces.add(new TokenRange(start, startInclusive, token, true));
            start = token;
            startInclusive = false;
        }
        if (start < range.end() || start == range.end() && startInclusive && range.endInclusive()) {
            pieces.add(new TokenRange(start, startInclusive, range.end(), range.endInclusive()));
        }
        return pieces;
    }
}
