package io.cairn.server.transport;

import com.datastax.oss.protocol.internal.ProtocolConstants;
import com.datastax.oss.protocol.internal.request.AuthResponse;
import com.datastax.oss.protocol.internal.request.Query;
import com.datastax.oss.protocol.internal.request.Register;
import com.datastax.oss.protocol.internal.request.Startup;
import com.datastax.oss.protocol.internal.response.AuthSuccess;
import com.datastax.oss.protocol.internal.response.Authenticate;
import com.datastax.oss.protocol.internal.response.Error;
import com.datastax.oss.protocol.internal.response.result.Void;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.protocol.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a node that authenticates clients, nothing but OPTIONS and AUTH_RESPONSE runs before
 * AUTH_SUCCESS: statements and REGISTER are refused at the protocol level and never reach the
 * query handler; a wrong login is an authentication error the client may follow with another.
 */
class AuthenticationGateTest {

    private final AtomicInteger executed = new AtomicInteger();
    private CqlServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private static ByteBuffer plain(String user, String password) {
        return ByteBuffer.wrap(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nothingRunsBeforeTheClientHasLoggedIn() throws Exception {
        ClientAuthenticator authenticator = new ClientAuthenticator() {
            @Override
            public String authenticatorClass() {
                return "org.apache.cassandra.auth.PasswordAuthenticator";
            }

            @Override
            public CompletionStage<String> authenticate(ByteBuffer token, InetSocketAddress client) {
                return token.equals(plain("alice", "right")) ? CompletableFuture.completedFuture("alice")
                        : CompletableFuture.failedFuture(new CqlException(ErrorCode.AUTHENTICATION_ERROR, "incorrect"));
            }
        };
        server = new CqlServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), (request, client) -> {
            executed.incrementAndGet();
            return CompletableFuture.completedFuture(new Response.Void());
        }, new TransportLimits(1 << 20, 8, 64), authenticator);
        InetSocketAddress address = server.start();
        try (RawClient client = new RawClient(address)) {
            client.send(4, 0, new Startup(Map.of("CQL_VERSION", "3.0.0")));
            assertThat(((Authenticate) client.receive().message).authenticator)
                    .isEqualTo("org.apache.cassandra.auth.PasswordAuthenticator");

            client.send(4, 1, new Query("SELECT * FROM secrets"));
            assertThat(((Error) client.receive().message).code).isEqualTo(ProtocolConstants.ErrorCode.PROTOCOL_ERROR);
            client.send(4, 2, new Register(List.of("SCHEMA_CHANGE")));
            assertThat(((Error) client.receive().message).code).isEqualTo(ProtocolConstants.ErrorCode.PROTOCOL_ERROR);

            client.send(4, 3, new AuthResponse(plain("alice", "wrong")));
            assertThat(((Error) client.receive().message).code).isEqualTo(ProtocolConstants.ErrorCode.AUTH_ERROR);
            client.send(4, 4, new Query("SELECT * FROM secrets"));
            assertThat(((Error) client.receive().message).code).as("still not logged in")
                    .isEqualTo(ProtocolConstants.ErrorCode.PROTOCOL_ERROR);
            assertThat(executed).as("no statement reached the query handler").hasValue(0);

            client.send(4, 5, new AuthResponse(plain("alice", "right")));
            assertThat(client.receive().message).isInstanceOf(AuthSuccess.class);
            client.send(4, 6, new AuthResponse(plain("alice", "right")));
            assertThat(((Error) client.receive().message).code).as("a second login on one connection")
                    .isEqualTo(ProtocolConstants.ErrorCode.PROTOCOL_ERROR);
            client.send(4, 7, new Query("SELECT * FROM secrets"));
            assertThat(client.receive().message).isInstanceOf(Void.class);
            assertThat(executed).hasValue(1);
        }
    }
}
