package io.cairn.protocol.message;

import com.datastax.oss.protocol.internal.Compressor;
import com.datastax.oss.protocol.internal.Frame;
import com.datastax.oss.protocol.internal.FrameCodec;
import com.datastax.oss.protocol.internal.Message;
import com.datastax.oss.protocol.internal.request.query.QueryOptions;
import com.datastax.oss.protocol.internal.response.result.RawType;
import io.cairn.cql.ConsistencyLevel;
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
import io.cairn.cql.error.WriteType;
import io.cairn.protocol.Primitives;
import io.cairn.protocol.ProtocolException;
import io.cairn.protocol.ProtocolVersion;
import io.cairn.protocol.frame.Compression;
import io.cairn.protocol.frame.Envelope;
import io.cairn.protocol.frame.EnvelopeCodec;
import io.cairn.protocol.frame.NettyPrimitiveCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requests as the Java driver 4's codec library writes them decode into the right
 * {@link Request}s, and our responses decode in that library into what was meant.
 */
class DriverCodecInteropTest {

    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    private final FrameCodec<ByteBuf> driver = FrameCodec.defaultClient(new NettyPrimitiveCodec(allocator),
            Compressor.none());
    private final EnvelopeCodec envelopes = new EnvelopeCodec(EnvelopeCodec.DEFAULT_MAX_BODY_BYTES, true);

    private Request sent(ProtocolVersion version, Message message) {
        ByteBuf wire = driver.encode(Frame.forRequest(version.number(), 7, false, Map.of(), message));
        Envelope envelope = envelopes.decode(wire, null, Compression.NONE, allocator);
        assertThat(envelope.streamId()).isEqualTo(7);
        assertThat(envelope.version()).isEqualTo(version);
        try {
            return new RequestDecoder(version).decode(envelope.opcode(), envelope.body());
        } finally {
            envelope.body().release();
        }
    }

    private Message received(ProtocolVersion version, Response response) {
        ByteBuf body = Unpooled.buffer();
        new ResponseEncoder(version).encode(response, body);
        Envelope envelope = new Envelope(version, 0, 9, ResponseEncoder.opcodeOf(response), body);
        ByteBuf wire = new EnvelopeCodec(EnvelopeCodec.DEFAULT_MAX_BODY_BYTES, false)
                .encode(envelope, true, Compression.NONE, allocator);
        Frame frame = driver.decode(wire);
        assertThat(frame.streamId).isEqualTo(9);
        // In a v5 segment envelopes follow one another and the driver decodes them straight from the
        // segment's payload: a byte of ours it does not read would be taken for the next envelope's header.
        assertThat(wire.readableBytes()).as("bytes of the %s body the driver did not read", response).isZero();
        return frame.message;
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void aQueryWithEveryParameterDecodes(ProtocolVersion version) {
        boolean v5 = version == ProtocolVersion.V5;
        QueryOptions options = new QueryOptions(ConsistencyLevel.LOCAL_QUORUM.code(),
                java.util.Arrays.asList(bytes("a"), null, ByteBuffer.allocate(0)), Map.of(), true, 100,
                bytes("paging"), ConsistencyLevel.LOCAL_SERIAL.code(), 1_234_567L, v5 ? "shop" : null,
                v5 ? 1_700_000_000 : Integer.MIN_VALUE);

        Request.Query query = (Request.Query) sent(version, new com.datastax.oss.protocol.internal.request.Query(
                "SELECT * FROM t WHERE k = ?", options));

        QueryParameters parameters = query.parameters();
        assertThat(query.query()).isEqualTo("SELECT * FROM t WHERE k = ?");
        assertThat(parameters.consistency()).isEqualTo(ConsistencyLevel.LOCAL_QUORUM);
        assertThat(parameters.values()).containsExactly(bytes("a"), null, ByteBuffer.allocate(0));
        assertThat(parameters.skipMetadata()).isTrue();
        assertThat(parameters.pageSize()).isEqualTo(100);
        assertThat(parameters.pagingState()).isEqualTo(bytes("paging"));
        assertThat(parameters.serialConsistency()).isEqualTo(ConsistencyLevel.LOCAL_SERIAL);
        assertThat(parameters.defaultTimestamp()).isEqualTo(1_234_567L);
        assertThat(parameters.keyspace()).isEqualTo(v5 ? "shop" : null);
        assertThat(parameters.nowInSeconds()).isEqualTo(v5 ? 1_700_000_000 : QueryParameters.NO_NOW);
    }

    @Test
    void namedValuesKeepTheirNames() {
        QueryOptions options = new QueryOptions(ConsistencyLevel.ONE.code(), List.of(),
                Map.of("address", bytes("x")), false, -1, null, ConsistencyLevel.SERIAL.code(), Long.MIN_VALUE, null,
                Integer.MIN_VALUE);

        Request.Query query = (Request.Query) sent(ProtocolVersion.V4,
                new com.datastax.oss.protocol.internal.request.Query("SELECT * FROM system.peers WHERE peer = :address",
                        options));

        assertThat(query.parameters().valueNames()).containsExactly("address");
        assertThat(query.parameters().values()).containsExactly(bytes("x"));
        assertThat(query.parameters().pageSize()).isEqualTo(-1);
        assertThat(query.parameters().hasTimestamp()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void prepareExecuteAndBatchDecode(ProtocolVersion version) {
        boolean v5 = version == ProtocolVersion.V5;
        byte[] id = {1, 2, 3};
        Request.Prepare prepare = (Request.Prepare) sent(version,
                new com.datastax.oss.protocol.internal.request.Prepare("INSERT INTO t (k) VALUES (?)", v5 ? "shop" : null));
        Request.Execute execute = (Request.Execute) sent(version, v5
                ? new com.datastax.oss.protocol.internal.request.Execute(id, new byte[] {9}, QueryOptions.DEFAULT)
                : new com.datastax.oss.protocol.internal.request.Execute(id, QueryOptions.DEFAULT));
        Request.Batch batch = (Request.Batch) sent(version, new com.datastax.oss.protocol.internal.request.Batch(
                (byte) 1, List.of("INSERT INTO t (k) VALUES (1)", id), List.of(List.of(), List.of(bytes("v"))),
                ConsistencyLevel.QUORUM.code(), ConsistencyLevel.SERIAL.code(), 42L, null, Integer.MIN_VALUE));

        assertThat(prepare.query()).isEqualTo("INSERT INTO t (k) VALUES (?)");
        assertThat(prepare.keyspace()).isEqualTo(v5 ? "shop" : null);
        assertThat(execute.statementId()).containsExactly(1, 2, 3);
        assertThat(execute.resultMetadataId()).isEqualTo(v5 ? new byte[] {9} : null);
        assertThat(batch.type()).isEqualTo(Request.BatchType.UNLOGGED);
        assertThat(batch.statements()).hasSize(2);
        assertThat(batch.statements().get(0).query()).isEqualTo("INSERT INTO t (k) VALUES (1)");
        assertThat(batch.statements().get(1).statementId()).containsExactly(1, 2, 3);
        assertThat(batch.statements().get(1).values()).containsExactly(bytes("v"));
        assertThat(batch.parameters().consistency()).isEqualTo(ConsistencyLevel.QUORUM);
        assertThat(batch.parameters().defaultTimestamp()).isEqualTo(42L);
    }

    @Test
    void startupOptionsAndRegisterDecode() {
        Request.Startup startup = (Request.Startup) sent(ProtocolVersion.V4,
                new com.datastax.oss.protocol.internal.request.Startup(Map.of("CQL_VERSION", "3.0.0",
                        "DRIVER_NAME", "test", "COMPRESSION", "lz4")));
        Request options = sent(ProtocolVersion.V4, com.datastax.oss.protocol.internal.request.Options.INSTANCE);
        Request.Register register = (Request.Register) sent(ProtocolVersion.V4,
                new com.datastax.oss.protocol.internal.request.Register(List.of("SCHEMA_CHANGE", "STATUS_CHANGE")));

        assertThat(startup.options()).containsEntry("CQL_VERSION", "3.0.0").containsEntry("COMPRESSION", "lz4");
        assertThat(options).isInstanceOf(Request.Options.class);
        assertThat(register.events()).containsExactly(Request.EventType.SCHEMA_CHANGE, Request.EventType.STATUS_CHANGE);
    }

    @Test
    void anUnknownConsistencyCodeIsAProtocolError() {
        ByteBuf body = Unpooled.buffer();
        Primitives.writeLongString(body, "SELECT 1");
        body.writeShort(0x00FF);
        body.writeByte(0);

        assertThatThrownBy(() -> new RequestDecoder(ProtocolVersion.V4).decode(io.cairn.protocol.Opcode.QUERY, body))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("consistency");
    }

    @Test
    void aTransactionOfUnknownOutcomeIsCasWriteUnknownOnV5() {
        var unknown = (com.datastax.oss.protocol.internal.response.error.CASWriteUnknown) received(ProtocolVersion.V5,
                new Response.Error(new CasWriteUnknownException(ConsistencyLevel.SERIAL, 1, 2)));

        assertThat(unknown.code).isEqualTo(0x1700);
        assertThat(unknown.consistencyLevel).isEqualTo(ConsistencyLevel.SERIAL.code());
        assertThat(unknown.received).isEqualTo(1);
        assertThat(unknown.blockFor).isEqualTo(2);
    }

    @Test
    void aTransactionOfUnknownOutcomeIsAWriteTimeoutOfTypeCasOnV4() {
        var timeout = (com.datastax.oss.protocol.internal.response.error.WriteTimeout) received(ProtocolVersion.V4,
                new Response.Error(new CasWriteUnknownException(ConsistencyLevel.LOCAL_SERIAL, 0, 2)));

        assertThat(timeout.code).isEqualTo(ErrorCode.WRITE_TIMEOUT.code());
        assertThat(timeout.writeType).isEqualTo("CAS");
        assertThat(timeout.consistencyLevel).isEqualTo(ConsistencyLevel.LOCAL_SERIAL.code());
        assertThat(timeout.received).isEqualTo(0);
        assertThat(timeout.blockFor).isEqualTo(2);
    }

    @Test
    void aTransactionThatRanOutOfTimeBeforeProposingIsAWriteTimeoutOfTypeCasOnV5() {
        var timeout = (com.datastax.oss.protocol.internal.response.error.WriteTimeout) received(ProtocolVersion.V5,
                new Response.Error(new WriteTimeoutException(ConsistencyLevel.SERIAL, 0, 2, WriteType.CAS)));

        assertThat(timeout.code).isEqualTo(ErrorCode.WRITE_TIMEOUT.code());
        assertThat(timeout.writeType).isEqualTo("CAS");
        assertThat(timeout.consistencyLevel).isEqualTo(ConsistencyLevel.SERIAL.code());
        assertThat(timeout.blockFor).isEqualTo(2);
    }

    @Test
    void aSegmentHoldingAWriteTimeoutOfTypeCasAndAnotherResponseDecodesAsBothInTheDriver() throws Exception {
        ByteBuf envelopesOut = Unpooled.buffer();
        envelopesOut.writeBytes(encoded(ProtocolVersion.V5, 3,
                new Response.Error(new WriteTimeoutException(ConsistencyLevel.SERIAL, 0, 2, WriteType.CAS))));
        envelopesOut.writeBytes(encoded(ProtocolVersion.V5, 4, new Response.Void()));
        ByteBuf wire = Unpooled.buffer();
        new io.cairn.protocol.frame.SegmentCodec(false).encode(envelopesOut, wire, allocator);

        var segments = new com.datastax.oss.protocol.internal.SegmentCodec<>(new NettyPrimitiveCodec(allocator),
                Compressor.<ByteBuf>none());
        var segment = segments.decode(segments.decodeHeader(wire), wire);
        assertThat(segment.isSelfContained).isTrue();
        // As the driver reads a self-contained segment: envelopes back to back until the payload is exhausted.
        List<Frame> frames = new java.util.ArrayList<>();
        do {
            frames.add(driver.decode(segment.payload));
        } while (segment.payload.isReadable());

        assertThat(frames).extracting(frame -> frame.streamId).containsExactly(3, 4);
        assertThat(frames.get(0).message).isInstanceOf(com.datastax.oss.protocol.internal.response.error.WriteTimeout.class);
        assertThat(frames.get(1).message).isInstanceOf(com.datastax.oss.protocol.internal.response.result.Void.class);
    }

    private ByteBuf encoded(ProtocolVersion version, int stream, Response response) {
        ByteBuf body = Unpooled.buffer();
        new ResponseEncoder(version).encode(response, body);
        return new EnvelopeCodec(EnvelopeCodec.DEFAULT_MAX_BODY_BYTES, false)
                .encode(new Envelope(version, 0, stream, ResponseEncoder.opcodeOf(response), body), true,
                        Compression.NONE, allocator);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void errorsCarryTheFieldsOfTheirKind(ProtocolVersion version) {
        var unavailable = (com.datastax.oss.protocol.internal.response.error.Unavailable) received(version,
                new Response.Error(new UnavailableException(ConsistencyLevel.QUORUM, 2, 1)));
        var writeTimeout = (com.datastax.oss.protocol.internal.response.error.WriteTimeout) received(version,
                new Response.Error(new WriteTimeoutException(ConsistencyLevel.ALL, 1, 3, WriteType.BATCH_LOG)));
        var readTimeout = (com.datastax.oss.protocol.internal.response.error.ReadTimeout) received(version,
                new Response.Error(new ReadTimeoutException(ConsistencyLevel.TWO, 1, 2, true)));
        var exists = (com.datastax.oss.protocol.internal.response.error.AlreadyExists) received(version,
                new Response.Error(new AlreadyExistsException("shop", "orders")));
        var unprepared = (com.datastax.oss.protocol.internal.response.error.Unprepared) received(version,
                new Response.Error(new UnpreparedException(new byte[] {7, 7})));
        var invalid = (com.datastax.oss.protocol.internal.response.Error) received(version,
                new Response.Error(CqlException.invalid("Undefined column name x")));

        assertThat(unavailable.consistencyLevel).isEqualTo(ConsistencyLevel.QUORUM.code());
        assertThat(unavailable.required).isEqualTo(2);
        assertThat(unavailable.alive).isEqualTo(1);
        assertThat(writeTimeout.writeType).isEqualTo("BATCH_LOG");
        assertThat(writeTimeout.blockFor).isEqualTo(3);
        assertThat(readTimeout.dataPresent).isTrue();
        assertThat(exists.keyspace).isEqualTo("shop");
        assertThat(exists.table).isEqualTo("orders");
        assertThat(unprepared.id).containsExactly(7, 7);
        assertThat(invalid.code).isEqualTo(ErrorCode.INVALID.code());
        assertThat(invalid.message).isEqualTo("Undefined column name x");
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void rowsAndPreparedResultsDecode(ProtocolVersion version) {
        List<ColumnSpec> columns = List.of(
                new ColumnSpec("shop", "orders", "id", new TypeOption.Native(0x0009)),
                new ColumnSpec("shop", "orders", "tags", new TypeOption.MapOf(new TypeOption.Native(0x000D),
                        new TypeOption.ListOf(new TypeOption.Native(0x0002)))),
                new ColumnSpec("shop", "orders", "address", new TypeOption.Udt("shop", "address",
                        List.of("street", "zip"), List.of(new TypeOption.Native(0x000D), new TypeOption.Native(0x0009)))),
                new ColumnSpec("shop", "orders", "pair", new TypeOption.TupleOf(
                        List.of(new TypeOption.Native(0x0009), new TypeOption.Custom("org.example.Type")))));
        var rows = (com.datastax.oss.protocol.internal.response.result.Rows) received(version, new Response.Rows(
                new RowsMetadata(columns, bytes("next"), null, false),
                List.of(java.util.Arrays.asList(bytes("1"), null, bytes("a"), bytes("b")))));
        var prepared = (com.datastax.oss.protocol.internal.response.result.Prepared) received(version,
                new Response.Prepared(new byte[] {1}, new byte[] {2}, columns.subList(0, 2), List.of(0),
                        new RowsMetadata(columns, null, null, false)));

        assertThat(rows.getMetadata().columnCount).isEqualTo(4);
        assertThat(rows.getMetadata().pagingState).isEqualTo(bytes("next"));
        assertThat(rows.getMetadata().columnSpecs).extracting(spec -> spec.name)
                .containsExactly("id", "tags", "address", "pair");
        RawType tags = rows.getMetadata().columnSpecs.get(1).type;
        assertThat(tags).isInstanceOf(RawType.RawMap.class);
        assertThat(((RawType.RawMap) tags).valueType).isInstanceOf(RawType.RawList.class);
        assertThat(((RawType.RawUdt) rows.getMetadata().columnSpecs.get(2).type).fields).containsOnlyKeys("street", "zip");
        assertThat(new ArrayDeque<>(rows.getData()).peek()).containsExactly(bytes("1"), null, bytes("a"), bytes("b"));
        assertThat(prepared.preparedQueryId).containsExactly(1);
        assertThat(prepared.variablesMetadata.pkIndices).containsExactly(0);
        assertThat(prepared.variablesMetadata.columnSpecs).hasSize(2);
        assertThat(prepared.resultMetadata.columnSpecs).hasSize(4);
        if (version == ProtocolVersion.V5) {
            assertThat(prepared.resultMetadataId).containsExactly(2);
        }
    }

    @Test
    void skippedMetadataSendsOnlyTheCount() {
        var rows = (com.datastax.oss.protocol.internal.response.result.Rows) received(ProtocolVersion.V4,
                new Response.Rows(new RowsMetadata(List.of(new ColumnSpec("k", "t", "c", new TypeOption.Native(9))),
                        null, null, true), List.of(List.of(bytes("x")))));

        assertThat(rows.getMetadata().columnSpecs).isEmpty();
        assertThat(rows.getMetadata().columnCount).isEqualTo(1);
    }

    @Test
    void schemaChangesKeyspaceResultsAndEventsDecode() {
        var change = (com.datastax.oss.protocol.internal.response.result.SchemaChange) received(ProtocolVersion.V4,
                new Response.SchemaChangeResult(new SchemaChange(SchemaChange.ChangeType.CREATED,
                        SchemaChange.Target.TABLE, "shop", "orders", List.of())));
        var keyspace = (com.datastax.oss.protocol.internal.response.result.SetKeyspace) received(ProtocolVersion.V4,
                new Response.SetKeyspace("shop"));
        var supported = (com.datastax.oss.protocol.internal.response.Supported) received(ProtocolVersion.V4,
                new Response.Supported(Map.of("CQL_VERSION", List.of("3.4.7"), "COMPRESSION", List.of("lz4"))));
        var status = (com.datastax.oss.protocol.internal.response.event.StatusChangeEvent) received(ProtocolVersion.V4,
                new Response.StatusChange(Response.StatusChangeType.DOWN, new InetSocketAddress("127.0.0.2", 9042)));

        assertThat(change.changeType).isEqualTo("CREATED");
        assertThat(change.target).isEqualTo("TABLE");
        assertThat(change.object).isEqualTo("orders");
        assertThat(keyspace.keyspace).isEqualTo("shop");
        assertThat(supported.options).containsEntry("CQL_VERSION", List.of("3.4.7"));
        assertThat(status.changeType).isEqualTo("DOWN");
        assertThat(status.address.getPort()).isEqualTo(9042);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void theDriverReadsEveryByteOfEachOtherKindOfResponse(ProtocolVersion version) throws Exception {
        var replica = java.net.InetAddress.getByName("127.0.0.2");
        List<Response> responses = List.of(
                new Response.Void(),
                new Response.Authenticate("org.apache.cassandra.auth.PasswordAuthenticator"),
                new Response.AuthSuccess(bytes("token")),
                new Response.Rows(new RowsMetadata(List.of(new ColumnSpec("k", "t", "[applied]",
                        new TypeOption.Native(0x0004))), null, new byte[] {5, 6}, false), List.of(List.of(bytes("x")))),
                new Response.SchemaChangeEvent(new SchemaChange(SchemaChange.ChangeType.DROPPED,
                        SchemaChange.Target.FUNCTION, "shop", "total", List.of("int", "text"))),
                new Response.TopologyChange(Response.TopologyChangeType.NEW_NODE, new InetSocketAddress(replica, 9042)),
                new Response.Error(ReplicaFailureException.read(ConsistencyLevel.QUORUM, 1, 2, Map.of(replica, 1), true)),
                new Response.Error(ReplicaFailureException.write(ConsistencyLevel.ALL, 2, 3, Map.of(replica, 0),
                        WriteType.SIMPLE)),
                new Response.Error(new FunctionFailureException("shop", "total", List.of("int"), "division by zero")),
                new Response.Error(new CqlException(ErrorCode.OVERLOADED, "Too many requests in flight")));

        for (Response response : responses) {
            assertThat(received(version, response)).as("%s", response).isNotNull();
        }
    }

    @Test
    void aValueMarkedUnsetIsRecognised() {
        ByteBuf body = Unpooled.buffer();
        body.writeInt(-2);

        assertThat(Primitives.readValue(body)).isSameAs(Primitives.UNSET);
    }
}
