package io.cairn.storage;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names a table to the storage engine. Keyspace and table names follow CQL's rule for
 * unquoted names that Cassandra also applies to storage: letters, digits and underscores.
 * A secondary index's table is named after its table and the index, with a dot between
 * ({@code t.t_v_idx}, as Cassandra names an index's backing table), so that no table a
 * statement creates can have its name.
 */
public record TableId(String keyspace, String table) implements Comparable<TableId> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,48}");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_]{1,48}(\\.[A-Za-z0-9_]{1,200})?");

    public TableId {
        Objects.requireNonNull(keyspace, "keyspace");
        Objects.requireNonNull(table, "table");
        if (!NAME.matcher(keyspace).matches() || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("Invalid table name " + keyspace + "." + table
                    + ": names are 1 to 48 letters, digits or underscores (an index's table: its table's name, "
                    + "a dot and the index's name)");
        }
    }

    /** The table of the secondary index {@code index} of this table. */
    public TableId index(String index) {
        if (isIndex()) {
            throw new IllegalArgumentException(this + " is an index's table already");
        }
        return new TableId(keyspace, table + "." + index);
    }

    /** Whether this names a secondary index's table. */
    public boolean isIndex() {
        return table.indexOf('.') >= 0;
    }

    /** Parses {@code keyspace.table}, the form {@link #toString()} produces. */
    public static TableId parse(String qualifiedName) {
        int dot = qualifiedName.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("Not a qualified table name: " + qualifiedName);
        }
        return new TableId(qualifiedName.substring(0, dot), qualifiedName.substring(dot + 1));
    }

    @Override
    public int compareTo(TableId other) {
        int byKeyspace = keyspace.compareTo(other.keyspace);
        return byKeyspace != 0 ? byKeyspace : table.compareTo(other.table);
    }

    @Override
    public String toString() {
        return keyspace + "." + table;
    }
}
