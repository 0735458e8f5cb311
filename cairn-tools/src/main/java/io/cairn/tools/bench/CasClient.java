package io.cairn.tools.bench;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The conditional statements of the lightweight-transaction workloads, on record keys of
 * YCSB's table. {@link DriverCasClient} sends them through the Java driver; tests give an
 * in-memory one. A stage fails only for an error (unavailable, a read timeout, a timeout of the
 * driver...), never for a refusal or an unknown outcome.
 */
interface CasClient {

    /** {@code INSERT INTO usertable (y_id, field0, ...) VALUES (...) IF NOT EXISTS}. */
    CompletionStage<CasOutcome> insertIfNotExists(String key, List<String> fields);

    /** {@code UPDATE usertable SET field0 = value WHERE y_id = key IF field0 = expected}. */
    CompletionStage<CasOutcome> updateIf(String key, String value, String expected);

    /**
     * {@code SELECT field0 FROM usertable WHERE y_id = key} at SERIAL: the record's current
     * field0, null when it is null or the record does not exist.
     */
    CompletionStage<String> readSerial(String key);
}
