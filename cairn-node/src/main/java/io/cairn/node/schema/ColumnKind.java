package io.cairn.node.schema;

/** The role of a column in its table, named as {@code system_schema.columns.kind} names it. */
public enum ColumnKind {
    PARTITION_KEY("partition_key"),
    CLUSTERING("clustering"),
    STATIC("static"),
    REGULAR("regular");

    private final String schemaName;

    ColumnKind(String schemaName) {
        this.schemaName = schemaName;
    }

    public String schemaName() {
        return schemaName;
    }

    public boolean isPrimaryKey() {
        return this == PARTITION_KEY || this == CLUSTERING;
    }

    public static ColumnKind fromSchemaName(String name) {
        for (ColumnKind kind : values()) {
            if (kind.schemaName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown column kind '" + name + "'");
    }
}
