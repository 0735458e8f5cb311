package io.cairn.node.metadata;

/**
 * The number of the last entry of the cluster metadata log that a snapshot includes. Epochs
 * only grow: each applied entry makes the next one. {@link #EMPTY} is the state before the
 * log's first entry (a node that knows nothing yet); {@link #FIRST} is the cluster's
 * initialization.
 */
public record Epoch(long value) implements Comparable<Epoch> {

    public static final Epoch EMPTY = new Epoch(0);
    public static final Epoch FIRST = new Epoch(1);

    public Epoch {
        if (value < 0) {
            throw new IllegalArgumentException("An epoch is not negative: " + value);
        }
    }

    public static Epoch of(long value) {
        return value == 0 ? EMPTY : new Epoch(value);
    }

    public Epoch next() {
        return new Epoch(Math.addExact(value, 1));
    }

    /** The epoch before this one (this must not be {@link #EMPTY}). */
    public Epoch previous() {
        if (value == 0) {
            throw new IllegalStateException("No epoch comes before " + this);
        }
        return of(value - 1);
    }

    public boolean isAfter(Epoch other) {
        return value > other.value;
    }

    public boolean isBefore(Epoch other) {
        return value < other.value;
    }

    /** Whether this epoch directly follows {@code previous}. */
    public boolean follows(Epoch previous) {
        return value == previous.value + 1;
    }

    @Override
    public int compareTo(Epoch other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return "epoch " + value;
    }
}
