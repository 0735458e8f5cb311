package io.cairn.common.encoding;

import java.util.List;

/**
 * A {@code tuple<...>} or a frozen user-defined type. Both compare component by component in
 * order, a null component before any value, and a value with fewer components than the type
 * as if the missing trailing components were null. Java values are {@code List<Object>} with
 * null components.
 *
 * @param components the component (field) types in order; at least one
 * @param isUserType whether this is a UDT; affects only {@link #cqlName()}, which cannot name the
 *     UDT (names are the schema's business) and shows it as {@code frozen<udt<field types>>}
 */
public record TupleKeyType(List<KeyType> components, boolean isUserType) implements KeyType {

    public TupleKeyType {
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new IllegalArgumentException((isUserType ? "A user type" : "A tuple") + " needs at least one component");
        }
        KeyType.nestingDepthOver(components);
    }

    @Override
    public String cqlName() {
        StringBuilder name = new StringBuilder(isUserType ? "frozen<udt<" : "tuple<");
        for (int i = 0; i < components.size(); i++) {
            name.append(i == 0 ? "" : ", ").append(components.get(i).cqlName());
        }
        return name.append(isUserType ? ">>" : ">").toString();
    }

    @Override
    public int nestingDepth() {
        return KeyType.nestingDepthOver(components);
    }
}
