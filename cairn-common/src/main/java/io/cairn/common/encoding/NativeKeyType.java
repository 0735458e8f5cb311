package io.cairn.common.encoding;

/**
 * The CQL native types that can be part of a key, with the Java class that represents a value
 * of each in {@link KeyCodec#encode(KeyType, Object)} and {@link KeyCodec#decode(KeyType, byte[])}.
 *
 * <p>Value representations chosen where CQL leaves a choice: {@code timestamp} is an
 * {@link java.time.Instant} of whole milliseconds; {@code date} is a {@link java.time.LocalDate}
 * within Cassandra's range (2^31 days either side of 1970-01-01); {@code time} is a {@link Long}
 * of nanoseconds since midnight; {@code blob} is a {@code byte[]} (a {@link java.nio.ByteBuffer}'s
 * remaining bytes are accepted too). Text is written as UTF-8 by {@link String#getBytes}, so an
 * unpaired surrogate becomes '?'; ascii values must hold only characters below U+0080.
 */
public enum NativeKeyType implements KeyType {
    ASCII("ascii", String.class),
    TEXT("text", String.class),
    INT("int", Integer.class),
    BIGINT("bigint", Long.class),
    SMALLINT("smallint", Short.class),
    TINYINT("tinyint", Byte.class),
    VARINT("varint", java.math.BigInteger.class),
    DECIMAL("decimal", java.math.BigDecimal.class),
    FLOAT("float", Float.class),
    DOUBLE("double", Double.class),
    BOOLEAN("boolean", Boolean.class),
    BLOB("blob", byte[].class),
    UUID("uuid", java.util.UUID.class),
    TIMEUUID("timeuuid", java.util.UUID.class),
    TIMESTAMP("timestamp", java.time.Instant.class),
    DATE("date", java.time.LocalDate.class),
    TIME("time", Long.class),
    INET("inet", java.net.InetAddress.class);

    private final String cqlName;
    private final Class<?> javaClass;

    NativeKeyType(String cqlName, Class<?> javaClass) {
        this.cqlName = cqlName;
        this.javaClass = javaClass;
    }

    @Override
    public String cqlName() {
        return cqlName;
    }

    @Override
    public int nestingDepth() {
        return 1;
    }

    /** The Java class of this type's values. */
    public Class<?> javaClass() {
        return javaClass;
    }
}
