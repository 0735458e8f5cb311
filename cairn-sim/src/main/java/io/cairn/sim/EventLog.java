package io.cairn.sim;

import java.io.PrintStream;

/**
 * What happened in a run, as a running 64-bit hash (two runs of one seed must end with the
 * same) and, when tracing, as lines with their virtual time.
 */
final class EventLog {

    private final PrintStream trace;
    private final long startMicros;
    private final boolean traceMessages;
    private long hash = 0xcbf29ce484222325L;
    private long events;

    /**
     * @param trace         where to print each event, or null
     * @param traceMessages whether to print every message too
     */
    EventLog(PrintStream trace, long startMicros, boolean traceMessages) {
        this.trace = trace;
        this.startMicros = startMicros;
        this.traceMessages = trace != null && traceMessages;
    }

    void record(long... values) {
        for (long value : values) {
            hash = (hash ^ value) * 0x100000001b3L;
            hash ^= hash >>> 29;
        }
        events++;
    }

    boolean isTracing() {
        return trace != null;
    }

    /** Whether every message sent is traced too. */
    boolean isTracingMessages() {
        return traceMessages;
    }

    /** Prints {@code line} at {@code micros} (the virtual clock; shown from the run's start). */
    void trace(long micros, String line) {
        if (trace != null) {
            trace.printf(java.util.Locale.ROOT, "%10.3f s  %s%n", (micros - startMicros) / 1e6, line);
        }
    }

    long hash() {
        return hash;
    }

    long events() {
        return events;
    }
}
