package io.cairn.common.token;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Murmur3PartitionerTest {

    /**
     * Tokens that Apache Cassandra 5.0's own Murmur3 implementation computed for random keys
     * of 0 to 63 bytes (many ending in bytes of 0x80 or more, where its tail quirk shows).
     */
    private static List<String> cassandraVectors() throws IOException {
        try (InputStream in = Murmur3PartitionerTest.class.getResourceAsStream("murmur3-cassandra-tokens.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void tokensMatchCassandraBitForBit() throws IOException {
        List<String> vectors = cassandraVectors();
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(40);
        for (String vector : vectors) {
            int space = vector.indexOf(' ');
            byte[] key = HexFormat.of().parseHex(vector.substring(0, space));
            long expected = Long.parseLong(vector.substring(space + 1));

            assertThat(Murmur3Partitioner.token(key)).as("token of 0x%s", vector.substring(0, space)).isEqualTo(expected);
        }
    }

    @Test
    void aSliceOfALargerArrayHashesLikeTheSameBytesAlone() {
        byte[] key = "partition-key-bytes".getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[key.length + 10];
        System.arraycopy(key, 0, padded, 3, key.length);

        assertThat(Murmur3Partitioner.token(padded, 3, key.length)).isEqualTo(Murmur3Partitioner.token(key));
    }

    @Test
    void noKeyGetsTheMinimumToken() {
        assertThat(Murmur3Partitioner.token(new byte[0])).isZero();
        assertThat(Murmur3Partitioner.MIN_TOKEN).isEqualTo(Long.MIN_VALUE);
    }
}
