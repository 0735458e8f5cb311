package io.cairn.node.query;

import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.SetType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * {@code CONTAINS} and {@code CONTAINS KEY} on a collection's serialized value, as a filter
 * ({@link RowFilter}) and a condition ({@link ConditionPlan}) test them. Values compare by their
 * type's order, not by their bytes.
 */
final class CollectionContains {

    private CollectionContains() {
    }

    /** Whether the list or set {@code collection} has an element, or the map a value, equal to {@code value}. */
    static boolean containsValue(CqlType type, ByteBuffer collection, ByteBuffer value) {
        if (type instanceof ListType list) {
            return containsElement(list.element(), list.unpack(collection), value);
        }
        if (type instanceof SetType set) {
            return containsElement(set.element(), set.unpack(collection), value);
        }
        MapType map = (MapType) type;
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : map.unpack(collection)) {
            if (map.values().compare(entry.getValue(), value) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the map {@code collection} has the key {@code key}. */
    static boolean containsKey(MapType map, ByteBuffer collection, ByteBuffer key) {
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : map.unpack(collection)) {
            if (map.keys().compare(entry.getKey(), key) == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsElement(CqlType elementType, List<ByteBuffer> elements, ByteBuffer value) {
        for (ByteBuffer element : elements) {
            if (elementType.compare(element, value) == 0) {
                return true;
            }
        }
        return false;
    }
}
