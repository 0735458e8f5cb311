package io.cairn.node.repair;

import io.cairn.common.wire.MalformedMessageException;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;
import io.cairn.storage.TokenRange;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A hash tree's leaves cut its range into sub-ranges without gap or overlap, equal data gives
 * equal trees whatever the order it is added in, and trees compared show exactly the leaves
 * where the data differs.
 */
class HashTreeTest {

    private static PartitionUpdate partition(long token, int value, long timestamp) {
        return PartitionUpdate.builder(new PartitionKey(token, Long.toString(token).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)))
                .row(Row.builder(Clustering.EMPTY).cell(Cell.live("v", new byte[] {(byte) value}, timestamp)).build())
                .build();
    }

    @Property
    void everyTokenIsInTheLeafThatItsLeafRangeCovers(@ForAll long a, @ForAll long b, @ForAll long token,
                                                     @ForAll @IntRange(min = 0, max = 14) int depth,
                                                     @ForAll boolean startInclusive, @ForAll boolean endInclusive) {
        TokenRange range = new TokenRange(Math.min(a, b), startInclusive, Math.max(a, b), endInclusive);
        long inside = Math.min(Math.max(token, range.start()), range.end());
        if (!range.contains(inside)) {
            return;
        }
        int leaves = 1 << depth;
        int leaf = HashTree.leafOf(range, leaves, inside);
        assertThat(leaf).isBetween(0, leaves - 1);
        assertThat(HashTree.leafRange(range, leaves, leaf).contains(inside)).as("leaf %s of %s", leaf, range).isTrue();
        for (int other : new int[] {leaf - 1, leaf + 1}) {
            if (other >= 0 && other < leaves) {
                assertThat(HashTree.leafRange(range, leaves, other).contains(inside)).isFalse();
            }
        }
    }

    @Test
    void theLeavesOfTheWholeRingCoverItWithoutGapOrOverlap() {
        int leaves = HashTree.MAX_LEAVES;
        TokenRange previous = null;
        for (int leaf = 0; leaf < leaves; leaf++) {
            TokenRange current = HashTree.leafRange(TokenRange.FULL, leaves, leaf);
            if (previous == null) {
                assertThat(current.start()).isEqualTo(Long.MIN_VALUE);
                assertThat(current.startInclusive()).isTrue();
            } else {
                assertThat(current.start()).isEqualTo(previous.end() + 1);
            }
            previous = current;
        }
        assertThat(previous.end()).isEqualTo(Long.MAX_VALUE);
        assertThat(previous.endInclusive()).isTrue();
    }

    @Test
    void aRangeWithFewerTokensThanLeavesHasEmptyLeavesAtItsEnd() {
        TokenRange range = new TokenRange(10, false, 13, true);
        assertThat(HashTree.leafRange(range, 8, 0)).isEqualTo(new TokenRange(10, false, 10, true));
        assertThat(HashTree.leafRange(range, 8, 3)).isEqualTo(new TokenRange(13, true, 13, true));
        for (int leaf = 4; leaf < 8; leaf++) {
            TokenRange empty = HashTree.leafRange(range, 8, leaf);
            assertThat(empty.contains(13) || empty.contains(14)).isFalse();
        }
    }

    @Test
    void equalDataMakesEqualTreesInAnyOrderAndADifferenceShowsInItsLeafOnly() {
        TokenRange range = new TokenRange(-1_000, false, 1_000, true);
        List<PartitionUpdate> partitions = new ArrayList<>();
        for (long token = -990; token <= 1_000; token += 10) {
            partitions.add(partition(token, 1, 5));
        }
        HashTree.Builder inOrder = HashTree.builder(range, 64);
        partitions.forEach(inOrder::add);
        List<PartitionUpdate> shuffled = new ArrayList<>(partitions);
        Collections.shuffle(shuffled, new java.util.Random(7));
        HashTree.Builder reordered = HashTree.builder(range, 64);
        shuffled.forEach(reordered::add);
        HashTree one = inOrder.build();
        HashTree two = reordered.build();
        assertThat(one).isEqualTo(two);
        assertThat(one.differences(two)).isEmpty();
        assertThat(one.partitions()).isEqualTo(partitions.size());

        HashTree.Builder newer = HashTree.builder(range, 64);
        for (PartitionUpdate partition : partitions) {
            newer.add(partition.key().token() == 500 ? partition(500, 1, 6) : partition);
        }
        HashTree changed = newer.build();
        List<TokenRange> differences = one.differences(changed);
        assertThat(differences).hasSize(1);
        assertThat(differences.get(0).contains(500)).isTrue();
        assertThat(differences.get(0)).as("leaf 46 of 32 tokens").isEqualTo(new TokenRange(472, true, 503, true));
        assertThat(one.differingLeaves(changed).cardinality()).isEqualTo(1);

        HashTree.Builder missing = HashTree.builder(range, 64);
        partitions.stream().filter(partition -> Math.abs(partition.key().token()) > 100).forEach(missing::add);
        List<TokenRange> gap = one.differences(missing.build());
        assertThat(gap).as("adjacent differing leaves are one range").hasSize(1);
        assertThat(gap.get(0).contains(-100)).isTrue();
        assertThat(gap.get(0).contains(100)).isTrue();
    }

    @Test
    void aTreeReadsBackAsWrittenAndMalformedBytesAreRefused() {
        HashTree.Builder builder = HashTree.builder(TokenRange.FULL, 16);
        builder.add(partition(42, 3, 9)).add(partition(Long.MIN_VALUE, 4, 9));
        HashTree tree = builder.build();
        byte[] bytes = tree.serialize();
        HashTree read = HashTree.deserialize(bytes);
        assertThat(read).isEqualTo(tree);
        assertThat(read.differences(tree)).isEmpty();
        assertThat(read.partitions()).isEqualTo(2);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> HashTree.deserialize(truncated)).isInstanceOf(MalformedMessageException.class);
        }
        byte[] notAPowerOfTwo = bytes.clone();
        notAPowerOfTwo[1 + 18 + 3] = 15;
        assertThatThrownBy(() -> HashTree.deserialize(notAPowerOfTwo)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("15 leaves");
        assertThatThrownBy(() -> HashTree.builder(TokenRange.FULL, HashTree.MAX_LEAVES * 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.differences(HashTree.builder(TokenRange.FULL, 8).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be compared");
    }

    @Test
    void theWholeRingInOneLeafHoldsEveryToken() {
        HashTree.Builder builder = HashTree.builder(TokenRange.FULL, 1);
        builder.add(partition(Long.MIN_VALUE, 1, 1)).add(partition(0, 1, 1)).add(partition(Long.MAX_VALUE, 1, 1));
        HashTree tree = builder.build();
        assertThat(tree.partitions()).isEqualTo(3);
        assertThat(HashTree.leafRange(TokenRange.FULL, 1, 0)).isEqualTo(TokenRange.FULL);
        assertThat(tree.differences(HashTree.builder(TokenRange.FULL, 1).build())).containsExactly(TokenRange.FULL);
    }

    @Test
    void leavesGrowWithTheDataUpToTheLimit() {
        assertThat(HashTree.leavesFor(0)).isEqualTo(HashTree.MIN_LEAVES);
        assertThat(HashTree.leavesFor(1_000)).isEqualTo(2_048);
        assertThat(HashTree.leavesFor(10_000_000)).isEqualTo(HashTree.MAX_LEAVES);
    }
}
