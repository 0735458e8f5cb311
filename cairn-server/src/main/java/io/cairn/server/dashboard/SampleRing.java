package io.cairn.server.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} samples, oldest first: adding to a full ring drops the oldest.
 * Safe to use from several threads (the sampler adds, admin requests read).
 */
public final class SampleRing {

    private final Sample[] samples;
    /** Where the next sample goes. */
    private int next;
    private int size;

    public SampleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A sample ring holds at least one sample, not " + capacity);
        }
        this.samples = new Sample[capacity];
    }

    public int capacity() {
        return samples.length;
    }

    public synchronized int size() {
        return size;
    }

    public synchronized void add(Sample sample) {
        samples[next] = java.util.Objects.requireNonNull(sample, "sample");
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
    }

    /** The newest {@code count} samples (all of them when fewer are held), oldest first. */
    public synchronized List<Sample> newest(int count) {
        int taken = Math.max(0, Math.min(count, size));
        List<Sample> newest = new ArrayList<>(taken);
        int start = next - taken + samples.length;
        for (int i = 0; i < taken; i++) {
            newest.add(samples[(start + i) % samples.length]);
        }
        return newest;
    }
}
