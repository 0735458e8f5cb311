package io.cairn.common.encoding;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a decoded value must equal: the original, in a form whose {@code equals} is the key's
 * notion of the same value. Blobs and addresses compare by content, a decimal with its scale,
 * a tuple with its missing trailing components as nulls, a set and a map regardless of order.
 */
final class CanonicalValues {

    private CanonicalValues() {
    }

    static Object canonical(KeyType type, Object value) {
        if (value == null) {
            return null;
        }
        if (type == NativeKeyType.BLOB) {
            return ByteBuffer.wrap((byte[]) value);
        }
        if (type == NativeKeyType.INET) {
            return ByteBuffer.wrap(((InetAddress) value).getAddress());
        }
        if (type instanceof TupleKeyType) {
            List<KeyType> types = ((TupleKeyType) type).components();
            List<?> values = (List<?>) value;
            List<Object> components = new ArrayList<>();
            for (int i = 0; i < types.size(); i++) {
                components.add(i < values.size() ? canonical(types.get(i), values.get(i)) : null);
            }
            return components;
        }
        if (type instanceof ListKeyType) {
            List<Object> elements = new ArrayList<>();
            for (Object element : (List<?>) value) {
                elements.add(canonical(((ListKeyType) type).elements(), element));
            }
            return elements;
        }
        if (type instanceof SetKeyType) {
            Set<Object> elements = new HashSet<>();
            for (Object element : (Set<?>) value) {
                elements.add(canonical(((SetKeyType) type).elements(), element));
            }
            return elements;
        }
        if (type instanceof MapKeyType) {
            MapKeyType mapType = (MapKeyType) type;
            Map<Object, Object> entries = new HashMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                entries.put(canonical(mapType.keys(), entry.getKey()), canonical(mapType.values(), entry.getValue()));
            }
            return entries;
        }
        return value;
    }
}
