package io.cairn.server;

import io.cairn.storage.TokenRange;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The options of a repair asked of the admin endpoint, from its query string:
 * {@code full=true} (compare every partition, not only those written since the last repair) and
 * {@code range=START:END} (only the tokens after START up to END, as nodetool's {@code -st} and
 * {@code -et}; a range whose START is not below END wraps around the ring).
 *
 * @param full   whether the repair compares every partition
 * @param ranges the token ranges repaired, or null for the whole ring
 */
record RepairOptions(boolean full, List<TokenRange> ranges) {

    /** Parses a query string (null: no options); throws IllegalArgumentException saying what is wrong. */
    static RepairOptions parse(String query) {
        boolean full = false;
        List<TokenRange> ranges = null;
        if (query == null || query.isEmpty()) {
            return new RepairOptions(false, null);
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            switch (name) {
                case "full" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException("full is true or false, not '" + value + "'");
                    }
                    full = value.equals("true");
                }
                case "range" -> ranges = ranges(value);
                default -> throw new IllegalArgumentException("Unknown repair option '" + name
                        + "': use full=true and range=START:END");
            }
        }
        return new RepairOptions(full, ranges);
    }

    /** START:END as the ranges it covers: one, or two when it wraps around the ring. */
    static List<TokenRange> ranges(String value) {
        String[] bounds = value.split(":", -1);
        if (bounds.length != 2) {
            throw new IllegalArgumentException("A range is START:END (two tokens), not '" + value + "'");
        }
        long start;
        long end;
        try {
            start = Long.parseLong(bounds[0].trim());
            end = Long.parseLong(bounds[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("A range is START:END of Murmur3 tokens (64-bit signed integers), not '"
                    + value + "'");
        }
        if (start < end) {
            return List.of(TokenRange.openClosed(start, end));
        }
        // Wraps: after START to the ring's end, then from its start up to END.
        return start == Long.MAX_VALUE ? List.of(new TokenRange(Long.MIN_VALUE, true, end, true))
                : List.of(TokenRange.openClosed(start, Long.MAX_VALUE), new TokenRange(Long.MIN_VALUE, true, end, true));
    }
}
