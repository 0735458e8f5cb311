package io.cairn.cql.error;

import io.cairn.cql.ConsistencyLevel;

/**
 * A lightweight transaction whose outcome is unknown: its proposal may have been accepted by
 * some replicas, so a later transaction on the partition may still complete it, or may not.
 * The client must read (at SERIAL) to learn which. Protocol v4 has no code of its own for it
 * and answers WRITE_TIMEOUT with write type CAS, which this is; protocol v5 names it
 * CAS_WRITE_UNKNOWN.
 */
public final class CasWriteUnknownException extends WriteTimeoutException {

    /**
     * @param consistency the serial consistency level of the transaction
     * @param received    replicas known to have accepted the proposal
     * @param blockFor    acceptances the proposal needed
     */
    public CasWriteUnknownException(ConsistencyLevel consistency, int received, int blockFor) {
        super(consistency, received, blockFor, WriteType.CAS);
    }
}
