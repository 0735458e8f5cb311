package io.cairn.node.query.model;

import java.util.List;

/**
 * A column of a generated table. Key columns carry a small pool of values that every generated
 * statement draws from, so that writes and reads meet on the same keys.
 */
public record Column(String name, GeneratedType type, Kind kind, boolean isDescending, List<Value> pool) {

    public enum Kind { PARTITION_KEY, CLUSTERING, STATIC, REGULAR }

    public boolean isStatic() {
        return kind == Kind.STATIC;
    }
}
