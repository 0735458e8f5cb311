package io.cairn.protocol.message;

/** One column of RESULT metadata: where it comes from, its name and type. */
public record ColumnSpec(String keyspace, String table, String name, TypeOption type) {
}
