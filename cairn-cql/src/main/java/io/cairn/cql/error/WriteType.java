package io.cairn.cql.error;

/** What kind of write timed out or failed, as the protocol names it (native_protocol_v5 §9). */
public enum WriteType {
    SIMPLE,
    BATCH,
    UNLOGGED_BATCH,
    COUNTER,
    BATCH_LOG,
    CAS,
    VIEW,
    CDC
}
