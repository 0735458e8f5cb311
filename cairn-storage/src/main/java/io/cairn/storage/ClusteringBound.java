package io.cairn.storage;

/**
 * One end of a clustering range: a clustering prefix and whether rows that start with that
 * prefix are inside. A bound with an empty prefix and {@code inclusive} is an open end.
 *
 * <p>Because each component's encoding is prefix-free, a bound on a prefix of the clustering
 * columns (as in {@code c1 = 5} or {@code c1 > 5} on a table clustered by {@code (c1, c2)})
 * compares correctly with full clusterings by unsigned bytes.
 */
public record ClusteringBound(Clustering prefix, boolean inclusive) {

    /** The open bound: as a start it admits everything from the first row, as an end up to the last. */
    public static final ClusteringBound OPEN = new ClusteringBound(Clustering.EMPTY, true);

    public ClusteringBound {
        if (prefix == null) {
            throw new IllegalArgumentException("A clustering bound needs a prefix; use Clustering.EMPTY for an open end");
        }
    }

    public static ClusteringBound inclusive(Clustering prefix) {
        return new ClusteringBound(prefix, true);
    }

    public static ClusteringBound exclusive(Clustering prefix) {
        return new ClusteringBound(prefix, false);
    }

    public boolean isOpen() {
        return prefix.size() == 0 && inclusive;
    }

    /** Whether {@code clustering} is at or after this bound used as the start of a range. */
    public boolean admitsAsStart(Clustering clustering) {
        int cmp = clustering.compareTo(prefix);
        return inclusive ? cmp >= 0 : cmp > 0 && !clustering.startsWith(prefix);
    }

    /** Whether {@code clustering} is at or before this bound used as the end of a range. */
    public boolean admitsAsEnd(Clustering clustering) {
        int cmp = clustering.compareTo(prefix);
        return inclusive ? cmp <= 0 || clustering.startsWith(prefix) : cmp < 0;
    }
}
