package io.cairn.common.encoding;

import java.util.List;

/**
 * A {@code frozen<list<T>>}: compares element by element, a list that is a prefix of another
 * first. Java values are {@code List<?>} without null elements.
 */
public record ListKeyType(KeyType elements) implements KeyType {

    public ListKeyType {
        KeyType.nestingDepthOver(List.of(elements));
    }

    @Override
    public String cqlName() {
        return "frozen<list<" + elements.cqlName() + ">>";
    }

    @Override
    public int nestingDepth() {
        return elements.nestingDepth() + 1;
    }
}
