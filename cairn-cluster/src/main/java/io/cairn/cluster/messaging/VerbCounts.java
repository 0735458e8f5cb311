package io.cairn.cluster.messaging;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** A count for each verb (messages dropped, refused...), safe to add to from any thread. */
public final class VerbCounts {

    private final AtomicLongArray counts = new AtomicLongArray(Verb.values().length);

    public void increment(Verb verb) {
        counts.incrementAndGet(verb.ordinal());
    }

    /** The counts so far, in the verbs' order, those still at zero left out. */
    public Map<Verb, Long> snapshot() {
        Map<Verb, Long> byVerb = new EnumMap<>(Verb.class);
        for (Verb verb : Verb.values()) {
            long count = counts.get(verb.ordinal());
            if (count > 0) {
                byVerb.put(verb, count);
            }
        }
        return byVerb;
    }
}
