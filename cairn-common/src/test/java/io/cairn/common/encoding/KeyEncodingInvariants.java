package io.cairn.common.encoding;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties every key encoding must have, checked on a pair of values of one type
 * against {@link CassandraOracle}: byte order is Cassandra's order, descending is its exact
 * reverse, no encoding is a proper prefix of another, decoding gives the value back (also from
 * the middle of a larger array, and byte for byte the serialization that was encoded), and the
 * serialized path encodes exactly like the Java-value path. Values equal by Cassandra's
 * comparator but written differently (1.0, 1.00) are different keys sharing their value part.
 */
final class KeyEncodingInvariants {

    private KeyEncodingInvariants() {
    }

    static void checkPair(KeyType type, Object left, Object right) {
        byte[] leftKey = KeyCodec.encode(type, left);
        byte[] rightKey = KeyCodec.encode(type, right);
        int cassandraOrder = Integer.signum(CassandraOracle.compare(type, left, right));
        boolean isSameForm = CassandraOracle.serialize(type, left).equals(CassandraOracle.serialize(type, right));

        if (cassandraOrder == 0 && !isSameForm) {
            // Equal by value, written differently (1.0 and 1.00): different keys sharing their value part.
            assertThat(leftKey).as("%s keys of %s and %s", type.cqlName(), left, right).isNotEqualTo(rightKey);
            assertThat(valueOnly(type, left)).as("%s value part of %s and %s", type.cqlName(), left, right)
                    .isEqualTo(valueOnly(type, right));
            assertThat(Integer.signum(Arrays.compareUnsigned(KeyCodec.encodeDescending(type, left), KeyCodec.encodeDescending(type, right))))
                    .as("%s descending order of %s and %s", type.cqlName(), left, right)
                    .isEqualTo(-Integer.signum(Arrays.compareUnsigned(leftKey, rightKey)));
        } else {
            assertThat(Integer.signum(Arrays.compareUnsigned(leftKey, rightKey)))
                    .as("%s order of %s and %s", type.cqlName(), left, right)
                    .isEqualTo(cassandraOrder);
            assertThat(Integer.signum(Arrays.compareUnsigned(KeyCodec.encodeDescending(type, left), KeyCodec.encodeDescending(type, right))))
                    .as("%s descending order of %s and %s", type.cqlName(), left, right)
                    .isEqualTo(-cassandraOrder);
        }
        if (!Arrays.equals(leftKey, rightKey)) {
            assertThat(isProperPrefix(leftKey, rightKey) || isProperPrefix(rightKey, leftKey))
                    .as("one %s encoding is a proper prefix of the other: %s, %s", type.cqlName(), left, right)
                    .isFalse();
        }
        if (cassandraOrder != 0) {
            byte[] leftValue = valueOnly(type, left);
            byte[] rightValue = valueOnly(type, right);
            assertThat(Integer.signum(Arrays.compareUnsigned(leftValue, rightValue)))
                    .as("%s order of the value parts of %s and %s", type.cqlName(), left, right).isEqualTo(cassandraOrder);
            assertThat(isProperPrefix(leftValue, rightValue) || isProperPrefix(rightValue, leftValue))
                    .as("one %s value part is a prefix of the other: %s, %s", type.cqlName(), left, right).isFalse();
        }
        checkValue(type, left, leftKey);
        checkValue(type, right, rightKey);
    }

    /** The value part of the ascending encoding, shared by every form of the value. */
    static byte[] valueOnly(KeyType type, Object value) {
        ByteSink out = new ByteSink();
        KeyCodec.encodeSerializedValueOnly(type, CassandraOracle.serialize(type, value), KeyOrder.ASCENDING, out);
        return out.toByteArray();
    }

    /** Everything that concerns one value and its ascending encoding. */
    static void checkValue(KeyType type, Object value, byte[] key) {
        Object expected = CanonicalValues.canonical(type, value);
        assertThat(CanonicalValues.canonical(type, KeyCodec.decode(type, key)))
                .as("%s round trip of %s", type.cqlName(), value).isEqualTo(expected);

        byte[] descending = KeyCodec.encodeDescending(type, value);
        assertThat(descending).as("descending is the complement").isEqualTo(complement(key));
        assertThat(CanonicalValues.canonical(type, KeyCodec.decodeDescending(type, descending)))
                .as("%s descending round trip of %s", type.cqlName(), value).isEqualTo(expected);

        ByteBuffer cassandraSerialized = CassandraOracle.serialize(type, value);
        ByteSink fromSerialized = new ByteSink();
        KeyCodec.encodeSerialized(type, cassandraSerialized, KeyOrder.ASCENDING, fromSerialized);
        assertThat(fromSerialized.toByteArray()).as("%s serialized path for %s", type.cqlName(), value).isEqualTo(key);

        byte[] embedded = new byte[key.length + 5];
        Arrays.fill(embedded, (byte) 0xA5);
        System.arraycopy(key, 0, embedded, 3, key.length);
        KeyReader reader = new KeyReader(embedded, 3, embedded.length);
        ByteBuffer decodedSerialized = KeyCodec.decodeSerialized(type, KeyOrder.ASCENDING, reader);
        assertThat(reader.position()).as("%s decoding stops at the end of %s", type.cqlName(), value).isEqualTo(3 + key.length);
        CassandraOracle.cassandraType(type).validate(decodedSerialized);
        assertThat(decodedSerialized).as("%s decoded serialization of %s is byte for byte the one encoded", type.cqlName(), value)
                .isEqualTo(cassandraSerialized);

        byte[] valuePart = valueOnly(type, value);
        assertThat(valuePart.length == key.length ? Arrays.equals(valuePart, key) : isProperPrefix(valuePart, key))
                .as("%s value part of %s starts its key", type.cqlName(), value).isTrue();

        checkCollectionsComeBackInCassandraOrder(type, KeyCodec.decode(type, key));
    }

    /** Decoded sets and maps iterate in strictly increasing element (key) order. */
    private static void checkCollectionsComeBackInCassandraOrder(KeyType type, Object decoded) {
        Collection<?> elements;
        KeyType elementType;
        if (type instanceof SetKeyType) {
            elements = (Collection<?>) decoded;
            elementType = ((SetKeyType) type).elements();
        } else if (type instanceof MapKeyType) {
            elements = ((Map<?, ?>) decoded).keySet();
            elementType = ((MapKeyType) type).keys();
        } else {
            return;
        }
        Iterator<?> iterator = elements.iterator();
        Object previous = iterator.hasNext() ? iterator.next() : null;
        while (iterator.hasNext()) {
            Object next = iterator.next();
            assertThat(CassandraOracle.compare(elementType, previous, next)).as("decoded %s order", type.cqlName()).isNegative();
            previous = next;
        }
    }

    static boolean isProperPrefix(byte[] prefix, byte[] of) {
        return prefix.length < of.length && Arrays.equals(prefix, 0, prefix.length, of, 0, prefix.length);
    }

    static byte[] complement(byte[] bytes) {
        byte[] complement = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            complement[i] = (byte) ~bytes[i];
        }
        return complement;
    }
}
