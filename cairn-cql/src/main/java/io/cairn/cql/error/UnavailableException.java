package io.cairn.cql.error;

import io.cairn.cql.ConsistencyLevel;

/** UNAVAILABLE: too few replicas alive to even try the request. */
public final class UnavailableException extends CqlException {

    private final ConsistencyLevel consistency;
    private final int required;
    private final int alive;

    public UnavailableException(ConsistencyLevel consistency, int required, int alive) {
        this(consistency, required, alive, "Cannot achieve consistency level " + consistency + ": " + required
                + " required but only " + alive + " alive");
    }

    /** The same error, told in the words of what could not be done. */
    public UnavailableException(ConsistencyLevel consistency, int required, int alive, String message) {
        super(ErrorCode.UNAVAILABLE, message);
        this.consistency = consistency;
        this.required = required;
        this.alive = alive;
    }

    public ConsistencyLevel consistency() {
        return consistency;
    }

    public int required() {
        return required;
    }

    public int alive() {
        return alive;
    }
}
