package io.cairn.cql.error;

/** ALREADY_EXISTS: a CREATE without IF NOT EXISTS named an existing keyspace or table. */
public final class AlreadyExistsException extends CqlException {

    private final String keyspace;
    private final String table;

    /**
     * @param table the table's name, or empty when the keyspace itself exists
     */
    public AlreadyExistsException(String keyspace, String table) {
        super(ErrorCode.ALREADY_EXISTS, table.isEmpty()
                ? "Cannot add existing keyspace \"" + keyspace + "\""
                : "Cannot add already existing table \"" + table + "\" to keyspace \"" + keyspace + "\"");
        this.keyspace = keyspace;
        this.table = table;
    }

    public String keyspace() {
        return keyspace;
    }

    public String table() {
        return table;
    }
}
