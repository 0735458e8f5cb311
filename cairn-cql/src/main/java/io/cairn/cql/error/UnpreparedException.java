package io.cairn.cql.error;

import java.util.HexFormat;

/** UNPREPARED: an EXECUTE named a statement id this node does not know; the driver re-prepares. */
public final class UnpreparedException extends CqlException {

    private final byte[] statementId;

    public UnpreparedException(byte[] statementId) {
        super(ErrorCode.UNPREPARED, "Prepared query with ID " + HexFormat.of().formatHex(statementId)
                + " not found (either the query was not prepared on this host (maybe the host has been restarted?) "
                + "or you have prepared too many queries and it has been evicted from the internal cache)");
        this.statementId = statementId.clone();
    }

    public byte[] statementId() {
        return statementId.clone();
    }
}
