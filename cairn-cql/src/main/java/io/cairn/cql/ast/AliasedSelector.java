package io.cairn.cql.ast;

import java.util.Objects;

/**
 * One item of a SELECT clause: {@code selector [AS alias]}.
 *
 * @param alias the canonical alias, or {@code null} when none was given
 */
public record AliasedSelector(Selector selector, String alias) {

    public AliasedSelector {
        Objects.requireNonNull(selector, "selector");
    }

    public static AliasedSelector of(Selector selector) {
        return new AliasedSelector(selector, null);
    }
}
