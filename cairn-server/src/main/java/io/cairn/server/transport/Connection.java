package io.cairn.server.transport;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.protocol.Opcode;
import io.cairn.protocol.ProtocolException;
import io.cairn.protocol.ProtocolVersion;
import io.cairn.protocol.frame.Compression;
import io.cairn.protocol.frame.Envelope;
import io.cairn.protocol.frame.EnvelopeCodec;
import io.cairn.protocol.frame.SegmentCodec;
import io.cairn.protocol.frame.UnsupportedVersionException;
import io.cairn.protocol.message.Request;
import io.cairn.protocol.message.RequestDecoder;
import io.cairn.protocol.message.Response;
import io.cairn.protocol.message.ResponseEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection: the handshake (OPTIONS, STARTUP with compression, the switch to v5
 * segments, the SASL login when the node authenticates clients), REGISTER, and the dispatch of statements to the {@link QueryHandler} with many
 * requests in flight on distinct stream ids. It bounds in-flight requests per connection (by
 * pausing reads) and per node (by answering OVERLOADED).
 */
final class Connection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    static final String CQL_VERSION = "3.4.7";

    private final WireState wire;
    private final EnvelopeCodec envelopes;
    private final QueryHandler queries;
    private final TransportLimits limits;
    private final AtomicInteger nodeInFlight;
    private final java.util.concurrent.atomic.AtomicLong nodeInFlightBytes;
    /** The request bytes of each stream in flight, and their sum. */
    private final Map<Integer, Integer> inFlightBytesByStream = new java.util.HashMap<>();
    private long inFlightBytes;
    private final EventBroadcaster events;
    private final ClientAuthenticator authenticator;
    private final Set<Integer> inFlightStreams = new HashSet<>();
    /** Envelopes read while the connection was at its in-flight limit: at most one socket read's worth. */
    private final java.util.ArrayDeque<Envelope> waiting = new java.util.ArrayDeque<>();
    private final Set<Request.EventType> registered = EnumSet.noneOf(Request.EventType.class);
    private ClientState client;
    /** The server's connections, as {@code system_views.clients} lists them: this one's while it is open. */
    private final Set<ClientState> clients;
    private boolean started;
    /** Logged in, or needing not to: the connection may run statements and REGISTER. */
    private boolean admitted;
    /** An AUTH_RESPONSE is being checked: a second one waits for no one and is refused. */
    private boolean authenticating;
    private boolean readingPaused;
    private boolean throwOnOverload;

    Connection(WireState wire, EnvelopeCodec envelopes, QueryHandler queries, TransportLimits limits,
               AtomicInteger nodeInFlight, java.util.concurrent.atomic.AtomicLong nodeInFlightBytes,
               EventBroadcaster events, ClientAuthenticator authenticator, Set<ClientState> clients) {
        this.authenticator = authenticator;
        this.clients = clients;
        this.wire = wire;
        this.envelopes = envelopes;
        this.queries = queries;
        this.limits = limits;
        this.nodeInFlight = nodeInFlight;
        this.nodeInFlightBytes = nodeInFlightBytes;
        this.events = events;
    }

    boolean isRegisteredFor(Request.EventType type) {
        return registered.contains(type);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof FrameDecoder.Failure failure) {
            decodingFailed(context, failure.error());
        } else if (message instanceof Envelope envelope) {
            if (readingPaused) {
                waiting.add(envelope);
                return;
            }
            try {
                dispatch(context, envelope);
            } finally {
                envelope.body().release();
            }
        }
    }

    private void decodingFailed(ChannelHandlerContext context, RuntimeException error) {
        if (error instanceof UnsupportedVersionException unsupported) {
            // Answer in v4, a version every client that can fall back is able to decode, then close.
            ProtocolException answer = new ProtocolException(unsupported.getMessage());
            write(context, ProtocolVersion.V4, unsupported.streamId(), new Response.Error(answer), false)
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ProtocolException protocolError = (ProtocolException) error;
        ProtocolVersion version = wire.version == null ? ProtocolVersion.V4 : wire.version;
        var written = write(context, version, protocolError.streamId(), new Response.Error(protocolError),
                wire.isSegmented());
        if (protocolError.isFatal()) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void dispatch(ChannelHandlerContext context, Envelope envelope) {
        int stream = envelope.streamId();
        // What the request holds in memory while it runs, counted before decoding reads the body.
        int bytes = Envelope.HEADER_BYTES + envelope.body().readableBytes();
        if (client == null) {
            client = new ClientState(envelope.version(), (InetSocketAddress) context.channel().remoteAddress());
            io.netty.handler.ssl.SslHandler tls = context.pipeline().get(io.netty.handler.ssl.SslHandler.class);
            if (tls != null && tls.engine().getSession() != null) {
                client.encrypted(tls.engine().getSession().getProtocol(), tls.engine().getSession().getCipherSuite());
            }
            if (context.channel().isActive()) {
                clients.add(client);
            }
        }
        if (!started && envelope.opcode() != Opcode.STARTUP && envelope.opcode() != Opcode.OPTIONS) {
            respond(context, stream, new Response.Error(new ProtocolException("Unexpected message "
                    + envelope.opcode() + ", expecting STARTUP or OPTIONS")));
            return;
        }
        Request request;
        try {
            request = new RequestDecoder(envelope.version()).decode(envelope.opcode(), envelope.body());
        } catch (ProtocolException e) {
            respond(context, stream, new Response.Error(e));
            return;
        }
        if (request instanceof Request.Options) {
            respond(context, stream, supported());
        } else if (request instanceof Request.Startup startup) {
            startup(context, stream, startup);
        } else if (request instanceof Request.AuthResponse response) {
            authResponse(context, stream, response);
        } else if (!admitted) {
            respond(context, stream, new Response.Error(new ProtocolException("Unexpected message "
                    + envelope.opcode() + ", expecting SASL response (AUTH_RESPONSE): this node authenticates "
                    + "clients")));
        } else if (request instanceof Request.Register register) {
            registered.addAll(register.events());
            respond(context, stream, new Response.Ready());
        } else {
            execute(context, stream, request, bytes, envelope.hasFlag(Envelope.FLAG_TRACING));
        }
    }

    private Response supported() {
        return new Response.Supported(Map.of(
                "CQL_VERSION", List.of(CQL_VERSION),
                "COMPRESSION", List.of(Compression.LZ4.protocolName(), Compression.SNAPPY.protocolName()),
                "PROTOCOL_VERSIONS", List.of("4/v4", "5/v5")));
    }

    private void startup(ChannelHandlerContext context, int stream, Request.Startup startup) {
        if (started) {
            respond(context, stream, new Response.Error(new ProtocolException("Unexpected message STARTUP: the "
                    + "connection is already started")));
            return;
        }
        if (!startup.options().containsKey("CQL_VERSION")) {
            respond(context, stream, new Response.Error(new ProtocolException(
                    "Missing value CQL_VERSION in STARTUP message")));
            return;
        }
        String requested = startup.options().get("COMPRESSION");
        Compression compression = Compression.NONE;
        if (requested != null) {
            compression = Compression.named(requested);
            boolean v5 = wire.version == ProtocolVersion.V5;
            if (compression == null || (v5 && compression != Compression.LZ4)) {
                respond(context, stream, new Response.Error(new ProtocolException(
                        "Unknown compression algorithm: " + requested)));
                return;
            }
        }
        throwOnOverload = "1".equals(startup.options().get("THROW_ON_OVERLOAD"));
        started = true;
        String authenticatorClass = authenticator.authenticatorClass();
        admitted = authenticatorClass == null;
        client.started(startup.options(), admitted);
        // READY or AUTHENTICATE itself travels unframed and uncompressed; what follows uses the new settings.
        respond(context, stream, admitted ? new Response.Ready() : new Response.Authenticate(authenticatorClass));
        if (wire.version == ProtocolVersion.V5) {
            wire.segments = new SegmentCodec(compression == Compression.LZ4);
        } else {
            wire.compression = compression;
        }
    }

    /**
     * Checks the credentials of an AUTH_RESPONSE away from the event loop (a password hash is
     * slow on purpose); the connection reads nothing meanwhile, so that a client cannot queue
     * statements behind its login. AUTH_SUCCESS admits it; a refusal is answered and the
     * client may try again.
     */
    private void authResponse(ChannelHandlerContext context, int stream, Request.AuthResponse response) {
        if (admitted || authenticating || authenticator.authenticatorClass() == null) {
            respond(context, stream, new Response.Error(new ProtocolException("Unexpected AUTH_RESPONSE: "
                    + (authenticator.authenticatorClass() == null ? "this node does not authenticate clients"
                    : admitted ? "the client has logged in already" : "a login is being checked"))));
            return;
        }
        authenticating = true;
        context.channel().config().setAutoRead(false);
        ByteBuffer token = response.token() == null ? ByteBuffer.allocate(0) : response.token();
        CompletionStage<String> login;
        try {
            login = authenticator.authenticate(token, client.remoteAddress());
        } catch (RuntimeException e) {
            login = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        login.whenComplete((role, failure) -> context.executor().execute(() -> {
            authenticating = false;
            if (failure == null) {
                client.loggedInAs(role);
                client.ready();
                admitted = true;
                respond(context, stream, new Response.AuthSuccess(null));
            } else {
                respond(context, stream, new Response.Error(asCqlError(failure)));
            }
            if (!readingPaused) {
                context.channel().config().setAutoRead(true);
                context.read();
            }
        }));
    }

    private void execute(ChannelHandlerContext context, int stream, Request request, int bytes, boolean tracing) {
        client.counted();
        if (!inFlightStreams.add(stream)) {
            ProtocolException reused = new ProtocolException("Stream id " + stream
                    + " is already in use by a request in flight", stream, true);
            decodingFailed(context, reused);
            return;
        }
        if (nodeInFlight.incrementAndGet() > limits.maxInFlightRequestsPerNode()) {
            nodeInFlight.decrementAndGet();
            inFlightStreams.remove(stream);
            respond(context, stream, new Response.Error(new CqlException(ErrorCode.OVERLOADED,
                    "Too many requests in flight on this node (" + limits.maxInFlightRequestsPerNode() + ")")));
            return;
        }
        long nodeBytes = nodeInFlightBytes.addAndGet(bytes);
        if (nodeBytes > limits.maxInFlightBytesPerNode() && nodeBytes > bytes) {
            nodeInFlightBytes.addAndGet(-bytes);
            nodeInFlight.decrementAndGet();
            inFlightStreams.remove(stream);
            respond(context, stream, new Response.Error(new CqlException(ErrorCode.OVERLOADED,
                    "Too much request data in flight on this node (" + limits.maxInFlightBytesPerNode() + " bytes)")));
            return;
        }
        inFlightBytesByStream.put(stream, bytes);
        inFlightBytes += bytes;
        if (inFlightStreams.size() >= limits.maxInFlightRequestsPerConnection()
                || inFlightBytes >= limits.maxInFlightBytesPerConnection()) {
            // A client that asked to be told (THROW_ON_OVERLOAD) is refused what goes past a limit;
            // a request alone on its connection always runs, whatever its size.
            boolean past = inFlightStreams.size() > limits.maxInFlightRequestsPerConnection()
                    || (inFlightBytes > limits.maxInFlightBytesPerConnection() && inFlightStreams.size() > 1);
            if (throwOnOverload && past) {
                finished(context, stream, new Response.Error(new CqlException(ErrorCode.OVERLOADED,
                        "Too many requests or too much request data in flight on this connection ("
                                + limits.maxInFlightRequestsPerConnection() + " requests, "
                                + limits.maxInFlightBytesPerConnection() + " bytes)")));
                return;
            }
            readingPaused = true;
            context.channel().config().setAutoRead(false);
        }
        CompletionStage<Response> result;
        try {
            result = queries.handle(request, client, tracing);
        } catch (RuntimeException e) {
            result = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        result.whenComplete((response, failure) -> {
            Response answer = failure == null ? response : new Response.Error(asCqlError(failure));
            if (context.executor().inEventLoop()) {
                finished(context, stream, answer);
            } else {
                context.executor().execute(() -> finished(context, stream, answer));
            }
        });
    }

    private void finished(ChannelHandlerContext context, int stream, Response response) {
        inFlightStreams.remove(stream);
        nodeInFlight.decrementAndGet();
        Integer bytes = inFlightBytesByStream.remove(stream);
        if (bytes != null) {
            inFlightBytes -= bytes;
            nodeInFlightBytes.addAndGet(-bytes);
        }
        respond(context, stream, response);
        if (!readingPaused) {
            return;
        }
        while (!waiting.isEmpty() && inFlightStreams.size() < limits.maxInFlightRequestsPerConnection()
                && inFlightBytes < limits.maxInFlightBytesPerConnection()) {
            Envelope next = waiting.poll();
            readingPaused = false;
            try {
                dispatch(context, next);
            } finally {
                next.body().release();
            }
            if (readingPaused) {
                return;
            }
            readingPaused = true;
        }
        if (waiting.isEmpty() && inFlightStreams.size() <= limits.maxInFlightRequestsPerConnection() / 2
                && inFlightBytes <= limits.maxInFlightBytesPerConnection() / 2) {
            readingPaused = false;
            context.channel().config().setAutoRead(true);
            context.read();
        }
    }

    private static CqlException asCqlError(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof CqlException error) {
            return error;
        }
        log.error("Unexpected failure while executing a statement", cause);
        return new CqlException(ErrorCode.SERVER_ERROR, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    void respond(ChannelHandlerContext context, int stream, Response response) {
        write(context, client.version(), stream, response, wire.isSegmented());
    }

    private io.netty.channel.ChannelFuture write(ChannelHandlerContext context, ProtocolVersion version, int stream,
                                                 Response response, boolean segmented) {
        ByteBuf body = context.alloc().buffer();
        ByteBuf envelope;
        try {
            new ResponseEncoder(version).encode(response, body);
            Compression compression = segmented ? Compression.NONE : wire.compression;
            envelope = envelopes.encode(new Envelope(version, ResponseEncoder.flagsOf(response), stream,
                            ResponseEncoder.opcodeOf(response), body),
                    true, compression, context.alloc());
        } finally {
            body.release();
        }
        if (!segmented) {
            return context.writeAndFlush(envelope);
        }
        ByteBuf framed = context.alloc().buffer(envelope.readableBytes() + 16);
        try {
            wire.segments.encode(envelope, framed, context.alloc());
        } finally {
            envelope.release();
        }
        return context.writeAndFlush(framed);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        events.add(context, this);
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        events.remove(context);
        if (client != null) {
            clients.remove(client);
        }
        waiting.forEach(envelope -> envelope.body().release());
        waiting.clear();
        context.fireChannelInactive();
    }

    /** A connection that sent nothing for the idle timeout is closed (drivers' heartbeats keep theirs open). */
    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof io.netty.handler.timeout.IdleStateEvent) {
            log.debug("Closing connection from {}: nothing received for the idle timeout",
                    context.channel().remoteAddress());
            context.close();
            return;
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log.debug("Closing connection from {} after an error", context.channel().remoteAddress(), cause);
        context.close();
    }
}
