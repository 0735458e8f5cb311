package io.cairn.protocol.message;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.protocol.Opcode;
import io.cairn.protocol.Primitives;
import io.cairn.protocol.ProtocolException;
import io.cairn.protocol.ProtocolVersion;
import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes request bodies (native_protocol_v4 §4.1, v5 §4.1) into {@link Request}s. Every
 * malformed body raises {@link ProtocolException}; counts are checked against what is left of
 * the body before anything is allocated for them.
 */
public final class RequestDecoder {

    private static final int FLAG_VALUES = 0x01;
    private static final int FLAG_SKIP_METADATA = 0x02;
    private static final int FLAG_PAGE_SIZE = 0x04;
    private static final int FLAG_PAGING_STATE = 0x08;
    private static final int FLAG_SERIAL_CONSISTENCY = 0x10;
    private static final int FLAG_DEFAULT_TIMESTAMP = 0x20;
    private static final int FLAG_VALUE_NAMES = 0x40;
    private static final int FLAG_KEYSPACE = 0x80;
    private static final int FLAG_NOW_IN_SECONDS = 0x100;
    private static final int PREPARE_FLAG_KEYSPACE = 0x01;

    private final ProtocolVersion version;

    public RequestDecoder(ProtocolVersion version) {
        this.version = version;
    }

    /**
     * @throws ProtocolException when the body does not decode, or the opcode is not a request
     */
    public Request decode(Opcode opcode, ByteBuf body) {
        return switch (opcode) {
            case STARTUP -> startup(body);
            case OPTIONS -> new Request.Options();
            case QUERY -> new Request.Query(Primitives.readLongString(body), parameters(body));
            case PREPARE -> prepare(body);
            case EXECUTE -> execute(body);
            case BATCH -> batch(body);
            case REGISTER -> register(body);
            case AUTH_RESPONSE -> new Request.AuthResponse(Primitives.readBytes(body));
            default -> throw new ProtocolException("Unexpected " + opcode + " message from a client; it is a response");
        };
    }

    private static Request startup(ByteBuf body) {
        Map<String, String> options = new TreeMap<>();
        Primitives.readStringMap(body).forEach((key, value) -> options.put(key.toUpperCase(Locale.ROOT), value));
        return new Request.Startup(options);
    }

    private Request prepare(ByteBuf body) {
        String query = Primitives.readLongString(body);
        String keyspace = null;
        if (version == ProtocolVersion.V5) {
            int flags = Primitives.readInt(body);
            if ((flags & PREPARE_FLAG_KEYSPACE) != 0) {
                keyspace = Primitives.readString(body);
            }
        }
        return new Request.Prepare(query, keyspace);
    }

    private Request execute(ByteBuf body) {
        byte[] id = Primitives.readShortBytes(body);
        byte[] resultMetadataId = version == ProtocolVersion.V5 ? Primitives.readShortBytes(body) : null;
        return new Request.Execute(id, resultMetadataId, parameters(body));
    }

    private Request batch(ByteBuf body) {
        int typeCode = Primitives.readUnsignedByte(body);
        if (typeCode > 2) {
            throw new ProtocolException("Invalid BATCH type " + typeCode);
        }
        int count = Primitives.readUnsignedShort(body);
        List<Request.BatchStatement> statements = new ArrayList<>(Math.min(count, body.readableBytes()));
        for (int i = 0; i < count; i++) {
            int kind = Primitives.readUnsignedByte(body);
            String query = null;
            byte[] id = null;
            if (kind == 0) {
                query = Primitives.readLongString(body);
            } else if (kind == 1) {
                id = Primitives.readShortBytes(body);
            } else {
                throw new ProtocolException("Invalid BATCH statement kind " + kind + "; expected 0 (query) or 1 (prepared id)");
            }
            statements.add(new Request.BatchStatement(query, id, values(body, Primitives.readUnsignedShort(body))));
        }
        ConsistencyLevel consistency = consistency(body);
        int flags = flags(body);
        if ((flags & (FLAG_VALUES | FLAG_SKIP_METADATA | FLAG_PAGE_SIZE | FLAG_PAGING_STATE)) != 0) {
            throw new ProtocolException("Invalid BATCH flags 0x" + Integer.toHexString(flags));
        }
        if ((flags & FLAG_VALUE_NAMES) != 0) {
            throw new ProtocolException("Named values are not supported in BATCH");
        }
        QueryParameters parameters = tail(body, flags, consistency, List.of(), null, false, -1, null);
        return new Request.Batch(Request.BatchType.values()[typeCode], statements, parameters);
    }

    private static Request register(ByteBuf body) {
        List<Request.EventType> events = new ArrayList<>();
        for (String name : Primitives.readStringList(body)) {
            try {
                events.add(Request.EventType.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("Invalid value '" + name + "' for Type");
            }
        }
        return new Request.Register(events);
    }

    private QueryParameters parameters(ByteBuf body) {
        ConsistencyLevel consistency = consistency(body);
        int flags = flags(body);
        List<ByteBuffer> values = List.of();
        List<String> names = null;
        if ((flags & FLAG_VALUES) != 0) {
            int count = Primitives.readUnsignedShort(body);
            if ((flags & FLAG_VALUE_NAMES) != 0) {
                names = new ArrayList<>(Math.min(count, body.readableBytes()));
                values = new ArrayList<>(Math.min(count, body.readableBytes()));
                for (int i = 0; i < count; i++) {
                    names.add(Primitives.readString(body));
                    values.add(Primitives.readValue(body));
                }
            } else {
                values = values(body, count);
            }
        }
        boolean skipMetadata = (flags & FLAG_SKIP_METADATA) != 0;
        int pageSize = -1;
        if ((flags & FLAG_PAGE_SIZE) != 0) {
            pageSize = Primitives.readInt(body);
            if (pageSize <= 0) {
                pageSize = -1;
            }
        }
        ByteBuffer pagingState = (flags & FLAG_PAGING_STATE) != 0 ? Primitives.readBytes(body) : null;
        return tail(body, flags, consistency, values, names, skipMetadata, pageSize, pagingState);
    }

    /** The fields after the paging state, shared by QUERY/EXECUTE and BATCH. */
    private QueryParameters tail(ByteBuf body, int flags, ConsistencyLevel consistency, List<ByteBuffer> values,
                                 List<String> names, boolean skipMetadata, int pageSize, ByteBuffer pagingState) {
        ConsistencyLevel serial = ConsistencyLevel.SERIAL;
        if ((flags & FLAG_SERIAL_CONSISTENCY) != 0) {
            // Any level decodes, as in Cassandra: a conditional statement then refuses one that is not serial.
            serial = consistency(body);
        }
        long timestamp = QueryParameters.NO_TIMESTAMP;
        if ((flags & FLAG_DEFAULT_TIMESTAMP) != 0) {
            timestamp = Primitives.readLong(body);
            if (timestamp == Long.MIN_VALUE) {
                throw new ProtocolException("Out of bound timestamp, must be in [" + (Long.MIN_VALUE + 1) + ", "
                        + Long.MAX_VALUE + "]");
            }
        }
        String keyspace = null;
        int now = QueryParameters.NO_NOW;
        if (version == ProtocolVersion.V5) {
            if ((flags & FLAG_KEYSPACE) != 0) {
                keyspace = Primitives.readString(body);
            }
            if ((flags & FLAG_NOW_IN_SECONDS) != 0) {
                now = Primitives.readInt(body);
            }
        }
        return new QueryParameters(consistency, values, names, skipMetadata, pageSize, pagingState, serial, timestamp,
                keyspace, now);
    }

    private static List<ByteBuffer> values(ByteBuf body, int count) {
        if (count * 4L > body.readableBytes()) {
            throw new ProtocolException("Not enough bytes for " + count + " values");
        }
        List<ByteBuffer> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(Primitives.readValue(body));
        }
        return values;
    }

    private int flags(ByteBuf body) {
        return version.hasIntQueryFlags() ? Primitives.readInt(body) : Primitives.readUnsignedByte(body);
    }

    private static ConsistencyLevel consistency(ByteBuf body) {
        int code = Primitives.readUnsignedShort(body);
        ConsistencyLevel level = ConsistencyLevel.of(code);
        if (level == null) {
            throw new ProtocolException("Unknown code " + code + " for a consistency level");
        }
        return level;
    }
}
