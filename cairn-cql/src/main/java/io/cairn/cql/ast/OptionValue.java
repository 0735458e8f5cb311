package io.cairn.cql.ast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The value of an option in {@code WITH name = value}: a constant, a bare word, or a map of
 * constants such as
 * {@code {'class': 'SimpleStrategy', 'replication_factor': 3}}, whose values may themselves be
 * maps.
 */
public sealed interface OptionValue {

    /** A string, number, boolean, uuid, blob or duration constant. */
    record Constant(Term.Literal literal) implements OptionValue {

        public Constant {
            Objects.requireNonNull(literal, "literal");
        }

        /** The constant's text: a string's content, a number as written. */
        public String text() {
            return literal.text();
        }
    }

    /**
     * A bare word written as a value, e.g. {@code caching = ALL}, as written (not folded).
     * Cassandra accepts only its unreserved keywords there; Cairn accepts any unquoted word.
     */
    record Keyword(String word) implements OptionValue {

        public Keyword {
            Objects.requireNonNull(word, "word");
        }
    }

    /**
     * A map literal. Keys are the constants' texts (a string's content, a number as
     * written), in the order written; the parser rejects duplicate keys.
     */
    record MapValue(Map<String, OptionValue> entries) implements OptionValue {

        public MapValue {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }
}
