package io.cairn.cluster.gossip;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What gossip knows about one node: its generation (fixed per process start, from its
 * clock, so a restarted node's state replaces the old one), its heartbeat version, and its
 * application states. Immutable; the node's own changes and merges make new ones.
 *
 * @param partial whether this holds only the states newer than a version its receiver was
 *                known to have (a delta, {@link #newerThan}), not all of them: a delta must
 *                not replace what the receiver knows of an older generation, as a restarted
 *                receiver may get a delta computed for its previous process's view
 */
public record EndpointState(int generation, int heartbeat, Map<ApplicationState, VersionedValue> states,
                            boolean partial) {

    /** A whole state. */
    public EndpointState(int generation, int heartbeat, Map<ApplicationState, VersionedValue> states) {
        this(generation, heartbeat, states, false);
    }

    public EndpointState {
        EnumMap<ApplicationState, VersionedValue> copy = new EnumMap<>(ApplicationState.class);
        copy.putAll(states);
        states = Collections.unmodifiableMap(copy);
    }

    /** The highest version of anything in this state: heartbeat or application state. */
    public int maxVersion() {
        int max = heartbeat;
        for (VersionedValue value : states.values()) {
            max = Math.max(max, value.version());
        }
        return max;
    }

    public String get(ApplicationState state) {
        VersionedValue value = states.get(state);
        return value == null ? null : value.value();
    }

    /** The parts of this state newer than {@code version}: a delta, unless {@code version} is 0. */
    public EndpointState newerThan(int version) {
        EnumMap<ApplicationState, VersionedValue> newer = new EnumMap<>(ApplicationState.class);
        for (Map.Entry<ApplicationState, VersionedValue> entry : states.entrySet()) {
            if (entry.getValue().version() > version) {
                newer.put(entry.getKey(), entry.getValue());
            }
        }
        return new EndpointState(generation, heartbeat, newer, version > 0);
    }

    /**
     * This state with {@code other} merged in: a newer generation replaces everything; the
     * same generation takes each part with the higher version.
     */
    public EndpointState merge(EndpointState other) {
        if (other.generation > generation) {
            return other;
        }
        if (other.generation < generation) {
            return this;
        }
        EnumMap<ApplicationState, VersionedValue> merged = new EnumMap<>(ApplicationState.class);
        merged.putAll(states);
        for (Map.Entry<ApplicationState, VersionedValue> entry : other.states.entrySet()) {
            VersionedValue mine = merged.get(entry.getKey());
            if (mine == null || entry.getValue().version() > mine.version()) {
                merged.put(entry.getKey(), entry.getValue());
            }
        }
        return new EndpointState(generation, Math.max(heartbeat, other.heartbeat), merged, partial);
    }
}
