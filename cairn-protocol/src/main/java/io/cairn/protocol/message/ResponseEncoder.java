package io.cairn.protocol.message;

import io.cairn.cql.error.AlreadyExistsException;
import io.cairn.cql.error.CasWriteUnknownException;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.cql.error.FunctionFailureException;
import io.cairn.cql.error.ReadTimeoutException;
import io.cairn.cql.error.ReplicaFailureException;
import io.cairn.cql.error.UnavailableException;
import io.cairn.cql.error.UnpreparedException;
import io.cairn.cql.error.WriteTimeoutException;
import io.cairn.protocol.Opcode;
import io.cairn.protocol.Primitives;
import io.cairn.protocol.ProtocolVersion;
import io.netty.buffer.ByteBuf;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** Encodes {@link Response}s into message bodies for one protocol version. */
public final class ResponseEncoder {

    private static final int KIND_VOID = 0x0001;
    private static final int KIND_ROWS = 0x0002;
    private static final int KIND_SET_KEYSPACE = 0x0003;
    private static final int KIND_PREPARED = 0x0004;
    private static final int KIND_SCHEMA_CHANGE = 0x0005;

    private static final int ROWS_GLOBAL_TABLES_SPEC = 0x0001;
    private static final int ROWS_HAS_MORE_PAGES = 0x0002;
    private static final int ROWS_NO_METADATA = 0x0004;
    private static final int ROWS_METADATA_CHANGED = 0x0008;

    private final ProtocolVersion version;

    public ResponseEncoder(ProtocolVersion version) {
        this.version = version;
    }

    /** The opcode a response travels under. */
    public static Opcode opcodeOf(Response response) {
        if (response instanceof Response.Traced traced) {
            return opcodeOf(traced.response());
        } else if (response instanceof Response.Ready) {
            return Opcode.READY;
        } else if (response instanceof Response.Authenticate) {
            return Opcode.AUTHENTICATE;
        } else if (response instanceof Response.Supported) {
            return Opcode.SUPPORTED;
        } else if (response instanceof Response.Error) {
            return Opcode.ERROR;
        } else if (response instanceof Response.AuthSuccess) {
            return Opcode.AUTH_SUCCESS;
        } else if (response instanceof Response.Event) {
            return Opcode.EVENT;
        }
        return Opcode.RESULT;
    }

    /** The envelope flags {@code response} needs: the tracing flag for a traced answer. */
    public static int flagsOf(Response response) {
        return response instanceof Response.Traced ? io.cairn.protocol.frame.Envelope.FLAG_TRACING : 0;
    }

    /** Writes the body of {@code response} into {@code out}. */
    public void encode(Response response, ByteBuf out) {
        if (response instanceof Response.Traced traced) {
            out.writeLong(traced.tracingId().getMostSignificantBits());
            out.writeLong(traced.tracingId().getLeastSignificantBits());
            encode(traced.response(), out);
        } else if (response instanceof Response.Ready) {
            return;
        } else if (response instanceof Response.Authenticate authenticate) {
            Primitives.writeString(out, authenticate.authenticator());
        } else if (response instanceof Response.Supported supported) {
            Primitives.writeStringMultimap(out, supported.options());
        } else if (response instanceof Response.Error error) {
            error(error.error(), out);
        } else if (response instanceof Response.AuthSuccess success) {
            Primitives.writeBytes(out, success.token());
        } else if (response instanceof Response.Void) {
            out.writeInt(KIND_VOID);
        } else if (response instanceof Response.Rows rows) {
            rows(rows, out);
        } else if (response instanceof Response.SetKeyspace result) {
            out.writeInt(KIND_SET_KEYSPACE);
            Primitives.writeString(out, result.keyspace());
        } else if (response instanceof Response.Prepared prepared) {
            prepared(prepared, out);
        } else if (response instanceof Response.SchemaChangeResult result) {
            out.writeInt(KIND_SCHEMA_CHANGE);
            schemaChange(result.change(), out);
        } else if (response instanceof Response.SchemaChangeEvent event) {
            Primitives.writeString(out, "SCHEMA_CHANGE");
            schemaChange(event.change(), out);
        } else if (response instanceof Response.TopologyChange event) {
            Primitives.writeString(out, "TOPOLOGY_CHANGE");
            Primitives.writeString(out, event.change().name());
            Primitives.writeInet(out, event.node());
        } else if (response instanceof Response.StatusChange event) {
            Primitives.writeString(out, "STATUS_CHANGE");
            Primitives.writeString(out, event.change().name());
            Primitives.writeInet(out, event.node());
        } else {
            throw new IllegalArgumentException("Unknown response " + response);
        }
    }

    private void error(CqlException error, ByteBuf out) {
        if (error instanceof CasWriteUnknownException unknown && version == ProtocolVersion.V5) {
            // v5 has a code of its own for a transaction of unknown outcome; v4 sees a WRITE_TIMEOUT of type CAS.
            out.writeInt(ErrorCode.CAS_WRITE_UNKNOWN.code());
            Primitives.writeString(out, String.valueOf(error.getMessage()));
            out.writeShort(unknown.consistency().code());
            out.writeInt(unknown.received());
            out.writeInt(unknown.blockFor());
            return;
        }
        out.writeInt(error.code().code());
        Primitives.writeString(out, String.valueOf(error.getMessage()));
        if (error instanceof UnavailableException unavailable) {
            out.writeShort(unavailable.consistency().code());
            out.writeInt(unavailable.required());
            out.writeInt(unavailable.alive());
        } else if (error instanceof WriteTimeoutException timeout) {
            out.writeShort(timeout.consistency().code());
            out.writeInt(timeout.received());
            out.writeInt(timeout.blockFor());
            // The same four fields in v4 and v5, whatever the write type: the v5 specification adds
            // nothing for CAS, and a driver reading v5 segments takes a byte past them for the start
            // of the next envelope.
            Primitives.writeString(out, timeout.writeType().name());
        } else if (error instanceof ReadTimeoutException timeout) {
            out.writeShort(timeout.consistency().code());
            out.writeInt(timeout.received());
            out.writeInt(timeout.blockFor());
            out.writeByte(timeout.dataPresent() ? 1 : 0);
        } else if (error instanceof ReplicaFailureException failure) {
            replicaFailure(failure, out);
        } else if (error instanceof FunctionFailureException failure) {
            Primitives.writeString(out, failure.keyspace());
            Primitives.writeString(out, failure.function());
            Primitives.writeStringList(out, failure.argumentTypes());
        } else if (error instanceof AlreadyExistsException exists) {
            Primitives.writeString(out, exists.keyspace());
            Primitives.writeString(out, exists.table());
        } else if (error instanceof UnpreparedException unprepared) {
            Primitives.writeShortBytes(out, unprepared.statementId());
        }
    }

    private void replicaFailure(ReplicaFailureException failure, ByteBuf out) {
        out.writeShort(failure.consistency().code());
        out.writeInt(failure.received());
        out.writeInt(failure.blockFor());
        if (version == ProtocolVersion.V5) {
            out.writeInt(failure.reasonByReplica().size());
            for (Map.Entry<InetAddress, Integer> reason : failure.reasonByReplica().entrySet()) {
                byte[] address = reason.getKey().getAddress();
                out.writeByte(address.length);
                out.writeBytes(address);
                out.writeShort(reason.getValue());
            }
        } else {
            out.writeInt(failure.reasonByReplica().size());
        }
        if (failure.writeType() == null) {
            out.writeByte(failure.dataPresent() ? 1 : 0);
        } else {
            Primitives.writeString(out, failure.writeType().name());
        }
    }

    private void rows(Response.Rows rows, ByteBuf out) {
        out.writeInt(KIND_ROWS);
        RowsMetadata metadata = rows.metadata();
        rowsMetadata(metadata, out);
        int columns = metadata.columns().size();
        out.writeInt(rows.rows().size());
        for (List<ByteBuffer> row : rows.rows()) {
            if (row.size() != columns) {
                throw new IllegalArgumentException("A row of " + row.size() + " values for " + columns + " columns");
            }
            for (ByteBuffer value : row) {
                Primitives.writeBytes(out, value);
            }
        }
    }

    private void rowsMetadata(RowsMetadata metadata, ByteBuf out) {
        List<ColumnSpec> columns = metadata.columns();
        boolean global = isGlobal(columns);
        boolean changed = version == ProtocolVersion.V5 && metadata.newMetadataId() != null;
        int flags = (metadata.pagingState() != null ? ROWS_HAS_MORE_PAGES : 0)
                | (metadata.noMetadata() && !changed ? ROWS_NO_METADATA : 0)
                | (changed ? ROWS_METADATA_CHANGED : 0)
                | (global && !(metadata.noMetadata() && !changed) ? ROWS_GLOBAL_TABLES_SPEC : 0);
        out.writeInt(flags);
        out.writeInt(columns.size());
        if (metadata.pagingState() != null) {
            Primitives.writeBytes(out, metadata.pagingState());
        }
        if (changed) {
            Primitives.writeShortBytes(out, metadata.newMetadataId());
        }
        if ((flags & ROWS_NO_METADATA) == 0) {
            columnSpecs(columns, global, out);
        }
    }

    private void prepared(Response.Prepared prepared, ByteBuf out) {
        out.writeInt(KIND_PREPARED);
        Primitives.writeShortBytes(out, prepared.statementId());
        if (version == ProtocolVersion.V5) {
            Primitives.writeShortBytes(out, prepared.resultMetadataId());
        }
        List<ColumnSpec> variables = prepared.variables();
        boolean global = isGlobal(variables);
        out.writeInt(global ? ROWS_GLOBAL_TABLES_SPEC : 0);
        out.writeInt(variables.size());
        out.writeInt(prepared.partitionKeyIndexes().size());
        for (int index : prepared.partitionKeyIndexes()) {
            out.writeShort(index);
        }
        columnSpecs(variables, global, out);
        RowsMetadata result = prepared.result();
        rowsMetadata(new RowsMetadata(result.columns(), null, null, result.columns().isEmpty()), out);
    }

    private static boolean isGlobal(List<ColumnSpec> columns) {
        if (columns.isEmpty()) {
            return false;
        }
        ColumnSpec first = columns.get(0);
        for (ColumnSpec column : columns) {
            if (!column.keyspace().equals(first.keyspace()) || !column.table().equals(first.table())) {
                return false;
            }
        }
        return true;
    }

    private static void columnSpecs(List<ColumnSpec> columns, boolean global, ByteBuf out) {
        if (global) {
            Primitives.writeString(out, columns.get(0).keyspace());
            Primitives.writeString(out, columns.get(0).table());
        }
        for (ColumnSpec column : columns) {
            if (!global) {
                Primitives.writeString(out, column.keyspace());
                Primitives.writeString(out, column.table());
            }
            Primitives.writeString(out, column.name());
            typeOption(column.type(), out);
        }
    }

    static void typeOption(TypeOption type, ByteBuf out) {
        out.writeShort(type.id());
        if (type instanceof TypeOption.Custom custom) {
            Primitives.writeString(out, custom.className());
        } else if (type instanceof TypeOption.ListOf list) {
            typeOption(list.element(), out);
        } else if (type instanceof TypeOption.SetOf set) {
            typeOption(set.element(), out);
        } else if (type instanceof TypeOption.MapOf map) {
            typeOption(map.key(), out);
            typeOption(map.value(), out);
        } else if (type instanceof TypeOption.Udt udt) {
            Primitives.writeString(out, udt.keyspace());
            Primitives.writeString(out, udt.name());
            out.writeShort(udt.fieldNames().size());
            for (int i = 0; i < udt.fieldNames().size(); i++) {
                Primitives.writeString(out, udt.fieldNames().get(i));
                typeOption(udt.fieldTypes().get(i), out);
            }
        } else if (type instanceof TypeOption.TupleOf tuple) {
            out.writeShort(tuple.components().size());
            tuple.components().forEach(component -> typeOption(component, out));
        }
    }

    private static void schemaChange(SchemaChange change, ByteBuf out) {
        Primitives.writeString(out, change.change().name());
        Primitives.writeString(out, change.target().name());
        Primitives.writeString(out, change.keyspace());
        switch (change.target()) {
            case KEYSPACE -> { }
            case TABLE, TYPE -> Primitives.writeString(out, change.name());
            case FUNCTION, AGGREGATE -> {
                Primitives.writeString(out, change.name());
                Primitives.writeStringList(out, change.argumentTypes());
            }
        }
    }
}
