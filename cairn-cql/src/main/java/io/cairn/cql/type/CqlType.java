package io.cairn.cql.type;

import io.cairn.common.encoding.KeyType;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A CQL type and the codec of its values.
 *
 * <p>Values travel as {@link ByteBuffer}s in the native protocol's serialization
 * (native_protocol_v5 §6), from the client's frame to the storage engine's cell and back,
 * so the common path never converts them. A buffer handed to a method here is read with
 * absolute gets: its position and limit are left as they were. {@code null} stands for a
 * CQL null; an empty buffer is a distinct, legal value for most types ("empty" values).
 *
 * <p>Comparison follows Cassandra 5.0's comparators (so aggregates, IN lists and filtering
 * order values as Cassandra would); the {@link #keyType() key type} gives the byte-ordered
 * encoding the storage engine uses for key components.
 *
 * <p>Types are immutable and compare equal by structure.
 */
public sealed interface CqlType permits NativeType, CompositeType {

    /**
     * The type as CQL spells it and as {@code system_schema.columns.type} stores it:
     * {@code int}, {@code frozen<list<text>>}, {@code map<text, int>}, {@code tuple<int, text>},
     * a user type by its (quoted if needed) name, e.g. {@code frozen<address>}.
     */
    String asCql();

    /** True for non-frozen collections and user types: stored as one cell per element. */
    boolean isMultiCell();

    /** This type frozen (a no-op for native types and tuples). */
    CqlType freeze();

    /**
     * Checks that {@code value} is a well-formed serialization of this type.
     *
     * @throws io.cairn.cql.error.CqlException INVALID, worded like Cassandra's marshalling
     *     errors (e.g. "Expected 4 or 0 byte int (3)")
     */
    void validate(ByteBuffer value);

    /** Cassandra's order of two non-null values of this type. */
    int compare(ByteBuffer left, ByteBuffer right);

    /**
     * The value as a CQL literal that parses back to it, as cqlsh and DESCRIBE print values:
     * {@code 'it''s'}, {@code 42}, {@code 0xcafe}, {@code [1, 2]}, {@code {'a': 1}},
     * {@code 2024-01-02 03:04:05.000000+0000} quoted as a string for timestamps, and
     * {@code null} for null.
     */
    String toCqlLiteral(ByteBuffer value);

    /**
     * The value as text the way Cassandra's {@code CAST(x AS text)} and its toString of a
     * value print it (timestamps as {@code 2024-01-02T03:04:05.000Z}, blobs as
     * {@code 0xcafe}).
     */
    String toText(ByteBuffer value);

    /** Parses a string representation (Cassandra's {@code AbstractType.fromString}). */
    ByteBuffer fromString(String text);

    /** The value as JSON text, as {@code SELECT JSON} and {@code toJson()} produce it. */
    String toJson(ByteBuffer value);

    /**
     * The serialization of a parsed JSON value (Jackson tree node), as {@code INSERT JSON}
     * and {@code fromJson()} accept it.
     */
    ByteBuffer fromJson(com.fasterxml.jackson.databind.JsonNode json);

    /** The value as a Java object (see {@link NativeType} for the classes); null for null. */
    Object compose(ByteBuffer value);

    /** Serializes a Java object of the class {@link #compose} returns. */
    ByteBuffer decompose(Object value);

    /** The key encoding of this type, or empty when it cannot be part of a primary key. */
    Optional<KeyType> keyType();

    /**
     * The serialization of an empty buffer is a legal value of most native types
     * (Cassandra's "empty" values); collections, tuples and UDTs do not have one.
     */
    default boolean acceptsEmptyValue() {
        return this instanceof NativeType;
    }
}
