package io.cairn.node.metadata;

import io.cairn.common.wire.MalformedMessageException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Bytes from another node or from disk may be cut short or corrupt: decoding them gives a value
 * or a {@link MalformedMessageException}, never another exception, a hang or a huge allocation
 * (which would surface here as an {@link OutOfMemoryError}).
 */
class MalformedMetadataTest {

    /** How long one decode may take, however hostile its input (the slowest take milliseconds). */
    private static final long MAX_DECODE_MILLIS = 2_000;

    private record Sample(String what, byte[] bytes, Function<byte[], Object> decode) {
        /** Whether it holds schema rows, most of its bytes. */
        boolean carriesSchema() {
            return what.contains("snapshot") || what.startsWith("INITIALIZE") || what.startsWith("ALTER_SCHEMA");
        }
    }

    private static final List<Sample> SAMPLES = samples();
    private static final List<Sample> WITH_SCHEMA = SAMPLES.stream().filter(Sample::carriesSchema).toList();

    private static List<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        List<MetadataSamples.Step> history = MetadataSamples.history();
        for (MetadataSamples.Step step : history) {
            samples.add(new Sample(step.entry().transformation().kind() + " entry",
                    MetadataSerializers.serialize(step.entry()), MetadataSerializers::deserializeEntry));
        }
        // Snapshots with and without a movement running; all of them carry the whole schema.
        for (int index : new int[] {0, 3, history.size() - 1}) {
            samples.add(new Sample("snapshot of " + history.get(index).after().epoch(),
                    MetadataSerializers.serialize(history.get(index).after()),
                    MetadataSerializers::deserializeSnapshot));
        }
        return samples;
    }

    @Test
    void everyTruncationOfAnEntryIsMalformed() {
        for (Sample sample : SAMPLES) {
            if (sample.carriesSchema()) {
                continue; // Long: their truncations are sampled below, not all tried.
            }
            for (int length = 0; length < sample.bytes().length; length++) {
                assertThat(decodeOrMalformed(sample, Arrays.copyOf(sample.bytes(), length)))
                        .as("%s cut to %d bytes", sample.what(), length).isInstanceOf(MalformedMessageException.class);
            }
        }
    }

    @Property(tries = 400, seed = "20240611")
    void aTruncationOfAnyEncodingDecodesOrIsMalformed(@ForAll @IntRange(min = 0, max = 10_000) int which,
                                                      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int cut) {
        Sample sample = SAMPLES.get(which % SAMPLES.size());
        decodeOrMalformed(sample, Arrays.copyOf(sample.bytes(), cut % sample.bytes().length));
    }

    @Property(tries = 1_500, seed = "20240612")
    void flippedBytesDecodeOrAreMalformed(@ForAll @IntRange(min = 0, max = 10_000) int which,
                                          @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int position,
                                          @ForAll @IntRange(min = 1, max = 255) int flip,
                                          @ForAll @IntRange(min = 1, max = 3) int flips) {
        Sample sample = SAMPLES.get(which % SAMPLES.size());
        byte[] corrupt = sample.bytes().clone();
        for (int i = 0; i < flips; i++) {
            int at = (int) ((position + (long) i * 7_919) % corrupt.length);
            corrupt[at] ^= (byte) flip;
        }
        decodeOrMalformed(sample, corrupt);
    }

    @Property(tries = 1_000, seed = "20240614")
    void flippedSchemaBytesDecodeOrAreMalformed(@ForAll @IntRange(min = 0, max = 10_000) int which,
                                                @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int position,
                                                @ForAll @IntRange(min = 1, max = 255) int flip) {
        Sample sample = WITH_SCHEMA.get(which % WITH_SCHEMA.size());
        byte[] corrupt = sample.bytes().clone();
        corrupt[position % corrupt.length] ^= (byte) flip;
        Object outcome = decodeOrMalformed(sample, corrupt);
        Statistics.collect(outcome instanceof MalformedMessageException ? "malformed" : "decoded");
    }

    @Property(tries = 600, seed = "20240613")
    void aHostileCountOrLengthAnywhereIsMalformed(@ForAll @IntRange(min = 0, max = 10_000) int which,
                                                  @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int position,
                                                  @ForAll @IntRange(min = 0, max = 2) int value) {
        Sample sample = SAMPLES.get(which % SAMPLES.size());
        byte[] corrupt = sample.bytes().clone();
        int at = position % Math.max(1, corrupt.length - 3);
        int hostile = switch (value) {
            case 0 -> Integer.MAX_VALUE;
            case 1 -> -2;
            default -> 1 << 24;
        };
        for (int i = 0; i < 4 && at + i < corrupt.length; i++) {
            corrupt[at + i] = (byte) (hostile >>> (24 - 8 * i));
        }
        decodeOrMalformed(sample, corrupt);
    }

    /** The decoded value, or the MalformedMessageException; anything else fails the test. */
    private static Object decodeOrMalformed(Sample sample, byte[] bytes) {
        long start = System.nanoTime();
        Object outcome;
        try {
            outcome = sample.decode().apply(bytes);
        } catch (MalformedMessageException e) {
            outcome = e;
        } catch (Throwable e) {
            return fail(sample.what() + " (" + bytes.length + " bytes) failed with " + e, e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("decoding %s took", sample.what()).isLessThan(MAX_DECODE_MILLIS);
        return outcome;
    }
}
