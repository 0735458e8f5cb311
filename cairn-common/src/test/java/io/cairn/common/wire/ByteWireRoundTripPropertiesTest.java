package io.cairn.common.wire;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random sequences of fields: what is written reads back, and every truncation of it (at
 * every offset) fails as malformed, never with another exception.
 */
class ByteWireRoundTripPropertiesTest {

    /** One written field and how to read it back. */
    sealed interface Field {
        void write(ByteWriter out);

        Object read(ByteReader in);

        Object value();
    }

    record ByteField(Byte value) implements Field {
        public void write(ByteWriter out) {
            out.writeByte(value);
        }

        public Object read(ByteReader in) {
            return in.readByte();
        }
    }

    record IntField(Integer value) implements Field {
        public void write(ByteWriter out) {
            out.writeInt(value);
        }

        public Object read(ByteReader in) {
            return in.readInt();
        }
    }

    record LongField(Long value) implements Field {
        public void write(ByteWriter out) {
            out.writeLong(value);
        }

        public Object read(ByteReader in) {
            return in.readLong();
        }
    }

    record StringField(String value) implements Field {
        public void write(ByteWriter out) {
            out.writeString(value);
        }

        public Object read(ByteReader in) {
            return in.readString();
        }
    }

    record BytesField(List<Byte> value) implements Field {
        public void write(ByteWriter out) {
            out.writeNullableBytes(value == null ? null : toArray(value));
        }

        public Object read(ByteReader in) {
            byte[] bytes = in.readNullableBytes();
            return bytes == null ? null : Arrays.asList(box(bytes));
        }
    }

    record UuidField(UUID value) implements Field {
        public void write(ByteWriter out) {
            out.writeUuid(value);
        }

        public Object read(ByteReader in) {
            return in.readUuid();
        }
    }

    private static byte[] toArray(List<Byte> list) {
        byte[] bytes = new byte[list.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = list.get(i);
        }
        return bytes;
    }

    private static Byte[] box(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            boxed[i] = bytes[i];
        }
        return boxed;
    }

    @Provide
    Arbitrary<List<Field>> messages() {
        Arbitrary<Field> field = Arbitraries.oneOf(
                Arbitraries.bytes().map(ByteField::new),
                Arbitraries.integers().map(IntField::new),
                Arbitraries.longs().map(LongField::new),
                Arbitraries.strings().ofMaxLength(20).map(StringField::new),
                Arbitraries.bytes().list().ofMaxSize(20).injectNull(0.2).map(BytesField::new),
                Arbitraries.longs().tuple2().map(t -> new UuidField(new UUID(t.get1(), t.get2()))));
        return field.list().ofMinSize(1).ofMaxSize(12);
    }

    private static byte[] write(List<Field> fields) {
        ByteWriter out = new ByteWriter(1);
        fields.forEach(field -> field.write(out));
        return out.toByteArray();
    }

    private static void readAll(List<Field> fields, byte[] bytes) {
        ByteReader in = new ByteReader(bytes, "random message");
        for (Field field : fields) {
            Object read = field.read(in);
            if (!Objects.equals(read, field.value())) {
                fail("read " + read + " for " + field);
            }
        }
        in.expectEnd();
    }

    @Property(tries = 500, seed = "4711")
    void whatIsWrittenReadsBack(@ForAll("messages") List<Field> fields) {
        readAll(fields, write(fields));
    }

    @Property(tries = 300, seed = "4711")
    void everyTruncationIsMalformed(@ForAll("messages") List<Field> fields) {
        byte[] bytes = write(fields);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> readAll(fields, truncated)).as("truncated to %d bytes", length)
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessageStartingWith("Malformed random message: expected");
        }
    }

    @Property(tries = 300, seed = "4711")
    void anExtraByteIsMalformed(@ForAll("messages") List<Field> fields) {
        byte[] bytes = Arrays.copyOf(write(fields), write(fields).length + 1);
        assertThatThrownBy(() -> readAll(fields, bytes)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("trailing");
    }

    @Property(tries = 300, seed = "4711")
    void randomBytesFailOnlyAsMalformed(@ForAll("messages") List<Field> fields, @ForAll byte[] garbage) {
        ByteReader in = new ByteReader(garbage, "random message");
        try {
            for (Field field : fields) {
                field.read(in);
            }
            in.expectEnd();
        } catch (MalformedMessageException expected) {
            assertThat(expected).hasMessageStartingWith("Malformed random message: expected");
        }
    }
}
