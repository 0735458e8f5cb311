package io.cairn.node.query.model;

import java.util.List;

/** One generated step of a scenario: a write or a read, with the CQL it shows in a report. */
public sealed interface Operation {

    /** How a write reaches the query layer. */
    enum Mode { PLAIN, PREPARED, BATCH }

    /**
     * A write: one mutation as a plain or prepared statement, or several (of distinct
     * partitions) in a logged batch whose entries are plain ({@code false}) or prepared.
     */
    record Write(Mode mode, List<Mutation> mutations, List<Boolean> isEntryPrepared, String description)
            implements Operation {
        @Override
        public String toString() {
            return mode + " " + description;
        }
    }

    record Read(ReadQuery query, String description) implements Operation {
        @Override
        public String toString() {
            return "READ " + description;
        }
    }
}
