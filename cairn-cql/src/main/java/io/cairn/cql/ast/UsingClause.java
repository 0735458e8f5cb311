package io.cairn.cql.ast;

/**
 * {@code USING TIMESTAMP t AND TTL s} of a write. Each value is an integer literal (possibly
 * negative, which the analyzer rejects) or a bind marker.
 *
 * @param timestamp the write timestamp in microseconds, or {@code null} when not given
 * @param ttl       the time to live in seconds, or {@code null} when not given
 */
public record UsingClause(Term timestamp, Term ttl) {

    /** No USING clause. */
    public static final UsingClause NONE = new UsingClause(null, null);

    public boolean hasTimestamp() {
        return timestamp != null;
    }

    public boolean hasTtl() {
        return ttl != null;
    }
}
