package io.cairn.node.schema;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionKeySerializerTest {

    private static ByteBuffer bytes(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length);
        for (int value : values) {
            buffer.put((byte) value);
        }
        return buffer.flip();
    }

    @Test
    void aSingleColumnKeyIsItsValue() {
        assertThat(PartitionKeySerializer.serialize(List.of(bytes(0, 0, 0, 42)))).containsExactly(0, 0, 0, 42);
    }

    @Test
    void aCompoundKeyUsesTheCompositeLayout() {
        byte[] key = PartitionKeySerializer.serialize(List.of(bytes(0, 0, 0, 1), bytes('a', 'b')));

        assertThat(key).containsExactly(0, 4, 0, 0, 0, 1, 0, 0, 2, 'a', 'b', 0);
    }

    @Test
    void anOversizedComponentIsRefused() {
        assertThatThrownBy(() -> PartitionKeySerializer.serialize(List.of(ByteBuffer.allocate(70_000), bytes(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535");
    }
}
