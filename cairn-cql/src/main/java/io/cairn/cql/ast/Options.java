package io.cairn.cql.ast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies of option maps that keep the order options were written in. */
final class Options {

    private Options() {
    }

    static Map<String, OptionValue> copyOf(Map<String, OptionValue> options) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
