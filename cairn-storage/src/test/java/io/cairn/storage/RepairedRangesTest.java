package io.cairn.storage;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepairedRangesTest {

    /** A mark as a test applies it, over tokens -50..50. */
    record Mark(long start, long end, long seconds) {
    }

    @Property(tries = 300)
    void eachTokenKeepsTheLatestTimeOfTheRepairsThatCoveredIt(@ForAll("marks") List<Mark> marks) {
        RepairedRanges ranges = RepairedRanges.NONE;
        for (Mark mark : marks) {
            ranges = ranges.with(TokenRange.openClosed(mark.start(), mark.end()), mark.seconds());
        }
        for (long token = -51; token <= 51; token++) {
            long expected = RepairedRanges.NEVER;
            for (Mark mark : marks) {
                if (token > mark.start() && token <= mark.end()) {
                    expected = Math.max(expected, mark.seconds());
                }
            }
            assertThat(ranges.repairedAt(token)).as("token %d", token).isEqualTo(expected);
        }
        long oldest = Long.MAX_VALUE;
        for (long token = -9; token <= 10; token++) {
            oldest = Math.min(oldest, ranges.repairedAt(token));
        }
        assertThat(ranges.oldest(TokenRange.openClosed(-10, 10))).isEqualTo(oldest);
        assertThat(RepairedRanges.deserialize(ranges.serialize())).isEqualTo(ranges);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<Mark>> marks() {
        var start = net.jqwik.api.Arbitraries.longs().between(-50, 50);
        var width = net.jqwik.api.Arbitraries.longs().between(0, 40);
        var seconds = net.jqwik.api.Arbitraries.longs().between(1, 20);
        return net.jqwik.api.Combinators.combine(start, width, seconds)
                .as((s, w, t) -> new Mark(s, Math.min(50, s + w), t)).list().ofMaxSize(12);
    }

    @Test
    void theWholeRingAndItsEdgesAreMarked() {
        RepairedRanges ranges = RepairedRanges.NONE.with(TokenRange.FULL, 7);

        assertThat(ranges.repairedAt(Long.MIN_VALUE)).isEqualTo(7);
        assertThat(ranges.repairedAt(Long.MAX_VALUE)).isEqualTo(7);
        assertThat(ranges.runs()).isEqualTo(1);
        assertThat(ranges.with(TokenRange.openClosed(Long.MAX_VALUE - 1, Long.MAX_VALUE), 9).repairedAt(Long.MAX_VALUE))
                .isEqualTo(9);
        assertThat(ranges.with(new TokenRange(5, false, 5, true), 9)).as("an empty range").isEqualTo(ranges);
    }

    @Test
    void tooManyRunsAreMergedUnderTheEarlierTimeOnly() {
        // Starts from the most runs allowed (each mark copies its runs, so marking them one by one is slow),
        // alternating repaired and never-repaired tokens, then marks 100 more.
        Random random = new Random(1);
        java.nio.ByteBuffer full = java.nio.ByteBuffer.allocate(Integer.BYTES + RepairedRanges.MAX_RUNS * 2 * Long.BYTES);
        full.putInt(RepairedRanges.MAX_RUNS).putLong(Long.MIN_VALUE).putLong(RepairedRanges.NEVER);
        for (int run = 1; run < RepairedRanges.MAX_RUNS; run++) {
            full.putLong(run).putLong(run % 2 == 1 ? 1 + random.nextInt(1_000) : RepairedRanges.NEVER);
        }
        RepairedRanges ranges = RepairedRanges.deserialize(full.array());
        assertThat(ranges.runs()).isEqualTo(RepairedRanges.MAX_RUNS);
        for (long token = 0; token < 100; token++) {
            long start = RepairedRanges.MAX_RUNS + token * 2;
            ranges = ranges.with(TokenRange.openClosed(start, start + 1), 1 + random.nextInt(1_000));
        }

        assertThat(ranges.runs()).isLessThanOrEqualTo(RepairedRanges.MAX_RUNS);
        // Merging only lowers a token's time: nothing is purged that no repair covered.
        assertThat(ranges.repairedAt(2)).isLessThanOrEqualTo(1_000);
        assertThat(ranges.repairedAt(-1)).isEqualTo(RepairedRanges.NEVER);
    }

    @Test
    void malformedBytesAreRefused() {
        assertThatThrownBy(() -> RepairedRanges.deserialize(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        byte[] outOfOrder = java.nio.ByteBuffer.allocate(4 + 32).putInt(2).putLong(Long.MIN_VALUE).putLong(1)
                .putLong(Long.MIN_VALUE).putLong(2).array();
        assertThatThrownBy(() -> RepairedRanges.deserialize(outOfOrder)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RepairedRanges.NONE.with(TokenRange.FULL, RepairedRanges.NEVER))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
