package io.cairn.cluster.messaging;

import io.cairn.common.security.KeyStores;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Mutual TLS between nodes ({@code server_encryption_options: internode_encryption: all}): each
 * side presents its node certificate and accepts only a peer whose certificate the cluster's
 * truststore (its CA) signed. A process without such a certificate cannot finish the TLS
 * handshake, so it cannot send a node anything: no gossip, write, stream or schema.
 */
public final class InternodeTls {

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SslContext accepting;
    private final SslContext connecting;

    private InternodeTls(SslContext accepting, SslContext connecting) {
        this.accepting = accepting;
        this.connecting = connecting;
    }

    /**
     * From the node's keystore (its key and certificate chain) and the cluster's truststore.
     *
     * @throws IllegalArgumentException when a store cannot be read
     */
    public static InternodeTls fromStores(Path keystore, String keystorePassword, Path truststore,
                                          String truststorePassword, String storeType) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(KeyStores.load(keystore, keystorePassword, storeType), keystorePassword.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(KeyStores.load(truststore, truststorePassword, storeType));
            SslContext accepting = SslContextBuilder.forServer(keys).trustManager(trust).clientAuth(ClientAuth.REQUIRE)
                    .sslProvider(SslProvider.JDK).protocols(PROTOCOLS).build();
            SslContext connecting = SslContextBuilder.forClient().keyManager(keys).trustManager(trust)
                    .sslProvider(SslProvider.JDK).protocols(PROTOCOLS).build();
            return new InternodeTls(accepting, connecting);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("server_encryption_options: cannot read " + keystore + " or "
                    + truststore + ": " + e.getMessage(), e);
        }
    }

    /** The handler an accepted connection starts with: it requires the peer's certificate. */
    SslHandler accepting(ByteBufAllocator allocator) {
        return accepting.newHandler(allocator);
    }

    /** The handler a connection to {@code peer} starts with. */
    SslHandler connecting(ByteBufAllocator allocator, NodeAddress peer) {
        return connecting.newHandler(allocator, peer.host(), peer.port());
    }
}
