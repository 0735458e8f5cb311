package io.cairn.common.encoding;

import java.util.List;

/**
 * A {@code frozen<map<K, V>>}: its entries are kept in the key type's order without duplicate
 * keys (as Cassandra stores them), and maps compare entry by entry, key then value, a map that
 * is a prefix of another first. Java values are {@code Map<?, ?>} in any iteration order.
 */
public record MapKeyType(KeyType keys, KeyType values) implements KeyType {

    public MapKeyType {
        KeyType.nestingDepthOver(List.of(keys, values));
    }

    @Override
    public String cqlName() {
        return "frozen<map<" + keys.cqlName() + ", " + values.cqlName() + ">>";
    }

    @Override
    public int nestingDepth() {
        return Math.max(keys.nestingDepth(), values.nestingDepth()) + 1;
    }
}
