package io.cairn.cluster.gossip;

import java.util.Objects;

/** One application state's value and the version (of its node's counter) it was set at. */
public record VersionedValue(String value, int version) {

    public VersionedValue {
        Objects.requireNonNull(value, "value");
    }
}
