package io.cairn.storage;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * When each token of one table was last repaired: the time (in seconds) the latest finished
 * repair that covered it started. Every tombstone any replica held then is on every replica
 * since. When its table's {@link TableOptions#purgeAfterRepair} says so, a tombstone is purged
 * only once such a repair started more than gc grace after its deletion (no hint or replayed
 * batch older than gc grace is delivered, so none was still on its way to a replica); otherwise
 * a replica that missed the deletion could hand the deleted data back.
 *
 * <p>Kept as runs: each run starts at a token and lasts until the next run's start, with one
 * time ({@link #NEVER} when no repair covered it). Immutable; {@link #with} gives a new one.
 * Bounded at {@link #MAX_RUNS} runs: past that, neighbouring runs are merged under the earlier of
 * their times, which only delays purging.
 */
public final class RepairedRanges {

    /** The time of tokens no repair has covered. */
    public static final long NEVER = Long.MIN_VALUE;

    /** The most runs kept. */
    public static final int MAX_RUNS = 65_536;

    /** No repair yet, anywhere. */
    public static final RepairedRanges NONE = new RepairedRanges(new TreeMap<>(Map.of(Long.MIN_VALUE, NEVER)));

    private final NavigableMap<Long, Long> runs;

    private RepairedRanges(NavigableMap<Long, Long> runs) {
        assert !runs.isEmpty() && runs.firstKey() == Long.MIN_VALUE : runs;
        this.runs = runs;
    }

    /** When the last repair that covered {@code token} started, or {@link #NEVER}. */
    public long repairedAt(long token) {
        return runs.floorEntry(token).getValue();
    }

    /** The earliest such time over {@code range}: when all of it was last repaired ({@link #NEVER} if some never was). */
    public long oldest(TokenRange range) {
        long[] bounds = closed(range);
        if (bounds == null) {
            return NEVER;
        }
        long oldest = runs.floorEntry(bounds[0]).getValue();
        for (long seconds : runs.subMap(bounds[0], false, bounds[1], true).values()) {
            oldest = Math.min(oldest, seconds);
        }
        return oldest;
    }

    /** The number of runs kept. */
    public int runs() {
        return runs.size();
    }

    /**
     * These ranges, with {@code range} repaired by a repair that started at {@code repairedAt}
     * and finished. A time earlier than one already known for a token leaves that token as it was.
     */
    public RepairedRanges with(TokenRange range, long repairedAt) {
        if (repairedAt == NEVER) {
            throw new IllegalArgumentException("A repair's time cannot be NEVER");
        }
        long[] bounds = closed(range);
        if (bounds == null) {
            return this;
        }
        TreeMap<Long, Long> next = new TreeMap<>(runs);
        long from = bounds[0];
        long to = bounds[1];
        next.putIfAbsent(from, next.floorEntry(from).getValue());
        if (to != Long.MAX_VALUE) {
            next.putIfAbsent(to + 1, next.floorEntry(to + 1).getValue());
        }
        for (Map.Entry<Long, Long> run : next.subMap(from, true, to, true).entrySet()) {
            run.setValue(Math.max(run.getValue(), repairedAt));
        }
        return new RepairedRanges(bounded(coalesced(next)));
    }

    /** Runs whose time equals the one before them are folded into it. */
    private static TreeMap<Long, Long> coalesced(TreeMap<Long, Long> runs) {
        TreeMap<Long, Long> folded = new TreeMap<>();
        Long previous = null;
        for (Map.Entry<Long, Long> run : runs.entrySet()) {
            if (previous == null || previous.longValue() != run.getValue().longValue()) {
                folded.put(run.getKey(), run.getValue());
                previous = run.getValue();
            }
        }
        return folded;
    }

    /** Merges neighbouring runs, each pair under the earlier time, until at most {@link #MAX_RUNS} are left. */
    private static TreeMap<Long, Long> bounded(TreeMap<Long, Long> runs) {
        TreeMap<Long, Long> kept = runs;
        while (kept.size() > MAX_RUNS) {
            TreeMap<Long, Long> halved = new TreeMap<>();
            var entries = kept.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<Long, Long> first = entries.next();
                long seconds = first.getValue();
                if (entries.hasNext()) {
                    seconds = Math.min(seconds, entries.next().getValue());
                }
                halved.put(first.getKey(), seconds);
            }
            kept = coalesced(halved);
        }
        return kept;
    }

    /** The range as [first, last] token, both included; null when it holds no token. */
    private static long[] closed(TokenRange range) {
        long first = range.start();
        if (!range.startInclusive()) {
            if (first == Long.MAX_VALUE) {
                return null;
            }
            first++;
        }
        long last = range.end();
        if (!range.endInclusive()) {
            if (last == Long.MIN_VALUE) {
                return null;
            }
            last--;
        }
        return first <= last ? new long[] {first, last} : null;
    }

    /** The runs as bytes: their count, then each run's first token and time. */
    public byte[] serialize() {
        ByteBuffer out = ByteBuffer.allocate(Integer.BYTES + runs.size() * 2 * Long.BYTES);
        out.putInt(runs.size());
        for (Map.Entry<Long, Long> run : runs.entrySet()) {
            out.putLong(run.getKey()).putLong(run.getValue());
        }
        return out.array();
    }

    /** Reads what {@link #serialize} wrote; throws IllegalArgumentException when it is not that. */
    public static RepairedRanges deserialize(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.remaining() < Integer.BYTES) {
            throw new IllegalArgumentException("Repaired ranges of " + bytes.length + " bytes");
        }
        int count = in.getInt();
        if (count < 1 || count > MAX_RUNS || in.remaining() != count * 2L * Long.BYTES) {
            throw new IllegalArgumentException("Repaired ranges of " + count + " runs in " + bytes.length + " bytes");
        }
        TreeMap<Long, Long> runs = new TreeMap<>();
        long previous = 0;
        for (int i = 0; i < count; i++) {
            long start = in.getLong();
            if (i == 0 ? start != Long.MIN_VALUE : start <= previous) {
                throw new IllegalArgumentException("Repaired ranges whose runs are out of order at " + start);
            }
            runs.put(start, in.getLong());
            previous = start;
        }
        return new RepairedRanges(runs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepairedRanges other && runs.equals(other.runs);
    }

    @Override
    public int hashCode() {
        return runs.hashCode();
    }

    @Override
    public String toString() {
        return "RepairedRanges" + runs;
    }
}
