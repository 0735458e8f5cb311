package io.cairn.node.tracing;

import java.util.UUID;

/**
 * Where the steps of a traced request are recorded: each with the node, the thread and the
 * microseconds since that node began its part. A request that is not traced carries
 * {@link #NONE}, which records nothing; callers that build an activity's text check
 * {@link #isOn()} first, so that an untraced request pays nothing for it.
 */
public interface Trace {

    /** The trace of a request that is not traced: records nothing. */
    Trace NONE = new Trace() {
        @Override
        public boolean isOn() {
            return false;
        }

        @Override
        public void event(String activity) {
        }

        @Override
        public UUID session() {
            return null;
        }

        @Override
        public String toString() {
            return "Trace.NONE";
        }
    };

    /** Whether events are recorded. */
    boolean isOn();

    /** Records one step, now, on this node and thread. */
    void event(String activity);

    /** The tracing session this trace is part of; null when not traced. */
    UUID session();
}
