package io.cairn.cql.type;

import io.cairn.common.encoding.KeyType;
import io.cairn.cql.error.CqlException;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The serialization shared by collections ([int n][n × [int len][bytes]]) and tuples/UDTs. */
final class Composites {

    /** Elements of one collection value, as a bound on what a client can make us allocate. */
    static final int MAX_ELEMENTS = 1 << 20;

    private Composites() {
    }

    static ByteBuffer packCollection(List<ByteBuffer> elements) {
        int size = 4;
        for (ByteBuffer element : elements) {
            size += 4 + element.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(elements.size());
        for (ByteBuffer element : elements) {
            out.putInt(element.remaining()).put(element.duplicate());
        }
        return out.flip();
    }

    static List<ByteBuffer> unpackCollection(ByteBuffer value, int perElement) {
        try {
            ByteBuffer in = value.duplicate();
            int n = in.getInt();
            if (n < 0 || n > MAX_ELEMENTS || (long) n * perElement * 4 > in.remaining()) {
                throw CqlException.invalid("Invalid collection: " + n + " elements in " + value.remaining() + " bytes");
            }
            List<ByteBuffer> elements = new ArrayList<>(n * perElement);
            for (int i = 0; i < n * perElement; i++) {
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw CqlException.invalid("Invalid collection element of length " + length);
                }
                elements.add(in.slice(in.position(), length));
                in.position(in.position() + length);
            }
            if (in.hasRemaining()) {
                throw CqlException.invalid("Unexpected extraneous bytes after collection value");
            }
            return elements;
        } catch (BufferUnderflowException e) {
            throw CqlException.invalid("Not enough bytes to read a collection");
        }
    }

    static ByteBuffer packTuple(List<ByteBuffer> components) {
        int size = 0;
        for (ByteBuffer component : components) {
            size += 4 + (component == null ? 0 : component.remaining());
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer component : components) {
            if (component == null) {
                out.putInt(-1);
            } else {
                out.putInt(component.remaining()).put(component.duplicate());
            }
        }
        return out.flip();
    }

    static List<ByteBuffer> unpackTuple(ByteBuffer value, int count) {
        try {
            ByteBuffer in = value.duplicate();
            List<ByteBuffer> components = new ArrayList<>(count);
            while (in.hasRemaining()) {
                if (components.size() == count) {
                    throw CqlException.invalid("Too many components in tuple or user type value (expected " + count + ")");
                }
                int length = in.getInt();
                if (length < 0) {
                    components.add(null);
                    continue;
                }
                if (length > in.remaining()) {
                    throw CqlException.invalid("Not enough bytes to read a component of a tuple or user type value");
                }
                components.add(in.slice(in.position(), length));
                in.position(in.position() + length);
            }
            while (components.size() < count) {
                components.add(null);
            }
            return components;
        } catch (BufferUnderflowException e) {
            throw CqlException.invalid("Not enough bytes to read a tuple or user type value");
        }
    }

    static int compareLists(CqlType element, List<ByteBuffer> left, List<ByteBuffer> right) {
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            ByteBuffer a = left.get(i);
            ByteBuffer b = right.get(i);
            if (a == null || b == null) {
                if (a != b) {
                    return a == null ? -1 : 1;
                }
                continue;
            }
            int cmp = element.compare(a, b);
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    static int compareComponents(List<CqlType> types, List<ByteBuffer> left, List<ByteBuffer> right) {
        for (int i = 0; i < types.size(); i++) {
            ByteBuffer a = left.get(i);
            ByteBuffer b = right.get(i);
            if (a == null || b == null) {
                if (a != b) {
                    return a == null ? -1 : 1;
                }
                continue;
            }
            int cmp = types.get(i).compare(a, b);
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }

    static String literal(List<String> parts, String open, String close) {
        return open + String.join(", ", parts) + close;
    }

    static List<KeyType> keyTypes(List<CqlType> types) {
        List<KeyType> keyTypes = new ArrayList<>();
        for (CqlType type : types) {
            KeyType keyType = type.keyType().orElse(null);
            if (keyType == null) {
                return null;
            }
            keyTypes.add(keyType);
        }
        return keyTypes;
    }
}
