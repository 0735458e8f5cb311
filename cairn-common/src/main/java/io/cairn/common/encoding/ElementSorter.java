package io.cairn.common.encoding;

import java.util.Arrays;

/**
 * Puts the just-encoded elements of a frozen set (or entries of a frozen map) into the order
 * Cassandra stores them in: sorted by the element's (key's) encoding, which is the element
 * type's order, with duplicates dropped. Of entries with equal keys the last one written is
 * kept, as Cassandra keeps the last value when a serialized map repeats a key.
 *
 * <p>Only called when the elements were not already strictly increasing, which they are when a
 * client or this codec produced them, so the common path never allocates here.
 */
final class ElementSorter {

    private final ByteSink out;
    /** bounds[i] is where element i starts (its PRESENT marker); bounds[count] is the end. */
    private final int[] bounds;
    /** For map entries, where each key's encoding ends; null for sets. */
    private final int[] keyEnds;
    private final int count;
    private final int base;
    private final byte[] elements;

    ElementSorter(ByteSink out, int[] bounds, int[] keyEnds, int count) {
        this.out = out;
        this.bounds = bounds;
        this.keyEnds = keyEnds;
        this.count = count;
        this.base = bounds[0];
        this.elements = out.toByteArray(base);
    }

    /** Rewrites the elements from {@code bounds[0]} on in sorted, deduplicated order. */
    void sortAndDeduplicate() {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, this::compareKeys); // stable: equal keys stay in written order
        out.truncate(base);
        for (int k = 0; k < count; k++) {
            int element = order[k];
            boolean isDuplicate = keyEnds == null
                    ? k > 0 && compareKeys(order[k - 1], element) == 0
                    : k + 1 < count && compareKeys(element, order[k + 1]) == 0;
            if (!isDuplicate) {
                out.writeBytes(elements, bounds[element] - base, bounds[element + 1] - bounds[element]);
            }
        }
    }

    private int compareKeys(int left, int right) {
        return Arrays.compareUnsigned(elements, bounds[left] + 1 - base, keyEnd(left) - base,
                elements, bounds[right] + 1 - base, keyEnd(right) - base);
    }

    private int keyEnd(int element) {
        return keyEnds == null ? bounds[element + 1] : keyEnds[element];
    }
}
