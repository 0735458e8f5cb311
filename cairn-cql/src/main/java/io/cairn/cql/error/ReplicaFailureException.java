package io.cairn.cql.error;

import io.cairn.cql.ConsistencyLevel;

import java.net.InetAddress;
import java.util.Map;

/**
 * READ_FAILURE or WRITE_FAILURE: replicas answered with an error instead of data.
 *
 * @see ErrorCode#READ_FAILURE
 * @see ErrorCode#WRITE_FAILURE
 */
public final class ReplicaFailureException extends CqlException {

    private final ConsistencyLevel consistency;
    private final int received;
    private final int blockFor;
    private final Map<InetAddress, Integer> reasonByReplica;
    private final boolean dataPresent;
    private final WriteType writeType;

    private ReplicaFailureException(ErrorCode code, String message, ConsistencyLevel consistency, int received,
                                    int blockFor, Map<InetAddress, Integer> reasonByReplica, boolean dataPresent,
                                    WriteType writeType) {
        super(code, message);
        this.consistency = consistency;
        this.received = received;
        this.blockFor = blockFor;
        this.reasonByReplica = Map.copyOf(reasonByReplica);
        this.dataPresent = dataPresent;
        this.writeType = writeType;
    }

    public static ReplicaFailureException read(ConsistencyLevel consistency, int received, int blockFor,
                                               Map<InetAddress, Integer> reasonByReplica, boolean dataPresent) {
        return new ReplicaFailureException(ErrorCode.READ_FAILURE, "Operation failed - received " + received
                + " responses and " + reasonByReplica.size() + " failures", consistency, received, blockFor,
                reasonByReplica, dataPresent, null);
    }

    public static ReplicaFailureException write(ConsistencyLevel consistency, int received, int blockFor,
                                                Map<InetAddress, Integer> reasonByReplica, WriteType writeType) {
        return new ReplicaFailureException(ErrorCode.WRITE_FAILURE, "Operation failed - received " + received
                + " responses and " + reasonByReplica.size() + " failures", consistency, received, blockFor,
                reasonByReplica, false, writeType);
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

    /** Failure reason codes by replica address (v5 sends the map, v4 only its size). */
    public Map<InetAddress, Integer> reasonByReplica() {
        return reasonByReplica;
    }

    public boolean dataPresent() {
        return dataPresent;
    }

    /** The write type for WRITE_FAILURE, null for READ_FAILURE. */
    public WriteType writeType() {
        return writeType;
    }
}
