package io.cairn.cql.ast;

/** The lexical kind of a constant, which decides the types it can be read as. */
public enum LiteralKind {
    /** {@code 'text'} or {@code $$text$$}. */
    STRING,
    /** {@code 42}, {@code -7}. */
    INTEGER,
    /** {@code 1.5}, {@code -2e10}, {@code NaN}, {@code Infinity}, {@code -Infinity}. */
    FLOAT,
    /** {@code true}, {@code false}. */
    BOOLEAN,
    /** {@code 123e4567-e89b-12d3-a456-426614174000}. */
    UUID,
    /** {@code 0xCAFE}: a blob. */
    HEX,
    /** {@code 1h30m}, {@code P1D}, {@code PT2H}, {@code P2W}, {@code -10s}. */
    DURATION,
    /** {@code NULL}. */
    NULL
}
