package io.cairn.storage;

/**
 * A non-wrapping range of tokens. Ring ranges that wrap past the largest token are split by
 * the caller into two.
 */
public record TokenRange(long start, boolean startInclusive, long end, boolean endInclusive) {

    /** Every token. */
    public static final TokenRange FULL = new TokenRange(Long.MIN_VALUE, true, Long.MAX_VALUE, true);

    public TokenRange {
        if (start > end) {
            throw new IllegalArgumentException("Token range (" + start + ", " + end
                    + ") wraps around the ring; split it at the largest token");
        }
    }

    /** Cassandra's ring range (start, end]: what a node owns from its predecessor's token. */
    public static TokenRange openClosed(long start, long end) {
        return new TokenRange(start, false, end, true);
    }

    public boolean contains(long token) {
        boolean afterStart = startInclusive ? token >= start : token > start;
        boolean beforeEnd = endInclusive ? token <= end : token < end;
        return afterStart && beforeEnd;
    }
}
