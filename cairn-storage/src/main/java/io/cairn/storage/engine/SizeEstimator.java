package io.cairn.storage.engine;

import io.cairn.storage.SizeEstimate;
import io.cairn.storage.TokenRange;
import io.cairn.storage.kv.KvStore;
import io.cairn.storage.kv.ReadScope;

/**
 * Estimates partitions and bytes in a token range without reading it all: the store's
 * approximate size of the key range, and the partition count of a bounded sample from its
 * start, scaled by bytes when the range holds more than the sample.
 */
final class SizeEstimator {

    private static final int SAMPLED_PARTITIONS = 256;

    private SizeEstimator() {
    }

    private record Sample(long partitions, byte[] endKey) {
    }

    static SizeEstimate estimate(KvStore store, String columnFamily, TokenRange range) {
        byte[] start = KeyLayout.tokenKey(range.start());
        if (!range.startInclusive()) {
            start = KeyLayout.successor(start, start.length);
            if (start == null) {
                return new SizeEstimate(0, 0);
            }
        }
        byte[] end = KeyLayout.tokenKey(range.end());
        if (range.endInclusive()) {
            end = KeyLayout.successor(end, end.length);
        }
        byte[] from = start;
        byte[] to = end;
        long bytes = store.approximateBytes(columnFamily, from, to);
        Sample sample = store.read(columnFamily, ReadScope.ANY, cursor -> {
            long count = 0;
            cursor.seek(from);
            while (cursor.isValid() && count < SAMPLED_PARTITIONS) {
                byte[] key = cursor.key();
                if (to != null && java.util.Arrays.compareUnsigned(key, to) >= 0) {
                    return new Sample(count, null);
                }
                byte[] prefix = KeyLayout.partitionOf(key).prefix();
                count++;
                byte[] next = KeyLayout.successor(prefix, prefix.length);
                if (next == null) {
                    return new Sample(count, null);
                }
                cursor.seek(next);
                if (count == SAMPLED_PARTITIONS && cursor.isValid()
                        && (to == null || java.util.Arrays.compareUnsigned(cursor.key(), to) < 0)) {
                    return new Sample(count, next);
                }
            }
            return new Sample(count, null);
        });
        if (sample.endKey == null) {
            return new SizeEstimate(sample.partitions, bytes);
        }
        long sampleBytes = store.approximateBytes(columnFamily, from, sample.endKey);
        long partitions = sampleBytes <= 0 ? sample.partitions
                : Math.max(sample.partitions, (long) ((double) bytes * sample.partitions / sampleBytes));
        return new SizeEstimate(partitions, bytes);
    }
}
