package io.cairn.storage;

/** A range of rows in clustering order, between two bounds. */
public record Slice(ClusteringBound start, ClusteringBound end) {

    /** Every row of the partition. */
    public static final Slice ALL = new Slice(ClusteringBound.OPEN, ClusteringBound.OPEN);

    public Slice {
        if (start == null || end == null) {
            throw new IllegalArgumentException("A slice needs both bounds; use ClusteringBound.OPEN for an open end");
        }
    }

    /** The rows whose clustering starts with {@code prefix} (a single row when it is complete). */
    public static Slice prefixedBy(Clustering prefix) {
        return new Slice(ClusteringBound.inclusive(prefix), ClusteringBound.inclusive(prefix));
    }

    public boolean contains(Clustering clustering) {
        return start.admitsAsStart(clustering) && end.admitsAsEnd(clustering);
    }
}
