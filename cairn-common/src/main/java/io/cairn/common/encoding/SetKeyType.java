package io.cairn.common.encoding;

import java.util.List;

/**
 * A {@code frozen<set<T>>}: its elements are kept in the element type's order without
 * duplicates (as Cassandra stores them), and sets compare like lists of those elements.
 * Java values are {@code Set<?>} in any iteration order.
 */
public record SetKeyType(KeyType elements) implements KeyType {

    public SetKeyType {
        KeyType.nestingDepthOver(List.of(elements));
    }

    @Override
    public String cqlName() {
        return "frozen<set<" + elements.cqlName() + ">>";
    }

    @Override
    public int nestingDepth() {
        return elements.nestingDepth() + 1;
    }
}
