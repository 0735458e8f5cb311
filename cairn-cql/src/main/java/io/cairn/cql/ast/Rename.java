package io.cairn.cql.ast;

import java.util.Objects;

/** {@code from TO to} in ALTER TABLE RENAME and ALTER TYPE RENAME. */
public record Rename(String from, String to) {

    public Rename {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
