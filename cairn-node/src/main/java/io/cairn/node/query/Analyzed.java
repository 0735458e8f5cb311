package io.cairn.node.query;

import java.util.List;

/**
 * A statement analyzed against one schema version: executable many times with different
 * values. Cached with the prepared statement until the schema changes.
 */
record Analyzed(java.util.UUID schemaVersion, Object plan, BindVariables variables, List<ResultColumn> resultColumns,
                List<Integer> partitionKeyIndexes) {
}
