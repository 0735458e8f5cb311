package io.cairn.cql.error;

import io.cairn.cql.ConsistencyLevel;

/** READ_TIMEOUT: replicas did not answer a read in time. */
public final class ReadTimeoutException extends CqlException {

    private final ConsistencyLevel consistency;
    private final int received;
    private final int blockFor;
    private final boolean dataPresent;

    public ReadTimeoutException(ConsistencyLevel consistency, int received, int blockFor, boolean dataPresent) {
        super(ErrorCode.READ_TIMEOUT, "Operation timed out - received only " + received + " responses.");
        this.consistency = consistency;
        this.received = received;
        this.blockFor = blockFor;
        this.dataPresent = dataPresent;
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

    public boolean dataPresent() {
        return dataPresent;
    }
}
