package io.cairn.storage;

import java.util.Objects;

/** A deletion of every row whose clustering lies between two bounds. Static cells are not covered. */
public record RangeDeletion(Slice range, Deletion deletion) {

    public RangeDeletion {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(deletion, "deletion");
    }

    public boolean covers(Clustering clustering) {
        return range.contains(clustering);
    }
}
