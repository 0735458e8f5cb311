package io.cairn.cql.ast;

import java.util.Locale;

/**
 * The native type names of CQL as written ({@code text} and {@code varchar} stay distinct
 * here: they are aliases of one type, which is the type system's business).
 */
public enum NativeTypeName {
    ASCII, BIGINT, BLOB, BOOLEAN, COUNTER, DATE, DECIMAL, DOUBLE, DURATION, FLOAT, INET, INT,
    SMALLINT, TEXT, TIME, TIMESTAMP, TIMEUUID, TINYINT, UUID, VARCHAR, VARINT;

    /** The name as CQL writes it, in lower case. */
    public String cqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The native type named {@code name}, in any case. */
    public static NativeTypeName fromCqlName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
