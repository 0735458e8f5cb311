package io.cairn.cql.error;

import io.cairn.cql.ConsistencyLevel;

/**
 * WRITE_TIMEOUT: too few replicas acknowledged a write in time. Not final: a lightweight
 * transaction whose outcome is unknown is one ({@link CasWriteUnknownException}).
 */
public class WriteTimeoutException extends CqlException {

    private final ConsistencyLevel consistency;
    private final int received;
    private final int blockFor;
    private final WriteType writeType;

    public WriteTimeoutException(ConsistencyLevel consistency, int received, int blockFor, WriteType writeType) {
        super(ErrorCode.WRITE_TIMEOUT, "Operation timed out - received only " + received + " responses.");
        this.consistency = consistency;
        this.received = received;
        this.blockFor = blockFor;
        this.writeType = writeType;
    }

    public ConsistencyLevel consistency() {
        return consistency;
    }

    public int received() {
        return received;
    }

    public int blockFor() {
        return blockFor;
    }

    public WriteType writeType() {
        return writeType;
    }
}
