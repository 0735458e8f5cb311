package io.cairn.server.transport;

import io.cairn.common.time.Clock;
import io.cairn.common.security.KeyStores;
import io.netty.channel.ChannelHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The native transport's TLS ({@code client_encryption_options}): the server side of each
 * connection's handshake, from the node's keystore (and truststore, for client certificates).
 *
 * <p>Certificates are reloaded without a restart: at most once every {@link #RELOAD_CHECK}, a
 * new connection looks at the stores' files, and if one changed (a digest of its contents) the
 * stores are read again; connections from then on use the new certificate, open ones keep
 * theirs. A store that no longer reads (half written, wrong password) is logged and the last
 * good certificate stays in use.
 */
public final class ClientTls {

    private static final Logger log = LoggerFactory.getLogger(ClientTls.class);

    /** How often at most the stores' files are looked at for a change. */
    public static final Duration RELOAD_CHECK = Duration.ofSeconds(10);
    /** The protocols served: TLS 1.3 and 1.2, as Cassandra 5.0 accepts by default. */
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * Where the native transport's certificates are: the node's key and certificate chain and,
     * for client certificates, the stores that sign them (null: none asked for).
     */
    public record Stores(Path keystore, String keystorePassword, Path truststore, String truststorePassword,
                         String storeType, boolean requireClientAuth) {

        /** Never prints the passwords. */
        @Override
        public String toString() {
            return "Stores{" + keystore + (truststore == null ? "" : ", " + truststore) + "}";
        }
    }

    private final Stores settings;
    private final boolean optional;
    private final Clock clock;
    private volatile Loaded loaded;

    /** The context in use, and the files it was read from as they were then. */
    private record Loaded(SslContext context, String stamp, long checkedAtMillis) {
    }

    /**
     * @param optional whether clients that do not start TLS are served too, on the same port
     * @throws IllegalArgumentException when the stores cannot be read: a node must not start so
     */
    public ClientTls(Stores settings, boolean optional, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.optional = optional;
        this.clock = Objects.requireNonNull(clock, "clock");
        String stamp = stamp();
        try {
            this.loaded = new Loaded(build(), stamp, clock.currentTimeMillis());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("client_encryption_options: cannot read " + settings.keystore()
                    + (settings.truststore() == null ? "" : " or " + settings.truststore()) + ": " + e.getMessage(), e);
        }
    }

    /** The handler a new connection starts with: TLS, or for an optional one TLS when the client starts it. */
    ChannelHandler handler(SocketChannel channel) {
        SslContext context = context();
        return optional ? new OptionalSslHandler(context) : context.newHandler(channel.alloc());
    }

    /** The context new connections use: the stores as last read, read again if their files changed. */
    SslContext context() {
        Loaded now = loaded;
        long nowMillis = clock.currentTimeMillis();
        if (nowMillis - now.checkedAtMillis < RELOAD_CHECK.toMillis()) {
            return now.context;
        }
        synchronized (this) {
            now = loaded;
            if (nowMillis - now.checkedAtMillis < RELOAD_CHECK.toMillis()) {
                return now.context;
            }
            String stamp = stamp();
            SslContext context = now.context;
            if (!stamp.equals(now.stamp)) {
                try {
                    context = build();
                    log.info("Reloaded the native transport's certificates from {}", settings.keystore());
                } catch (IOException | GeneralSecurityException | RuntimeException e) {
                    log.error("The native transport's keystore or truststore changed but cannot be read; the "
                            + "certificates read before stay in use: {}", e.toString());
                    stamp = now.stamp;
                }
            }
            loaded = new Loaded(context, stamp, nowMillis);
            return context;
        }
    }

    /** Whether clients may connect without TLS. */
    public boolean optional() {
        return optional;
    }

    private SslContext build() throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(settings.keystore(), settings.keystorePassword()), settings.keystorePassword().toCharArray());
        SslContextBuilder builder = SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS);
        if (settings.truststore() != null) {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(settings.truststore(), settings.truststorePassword()));
            builder.trustManager(trust).clientAuth(settings.requireClientAuth() ? ClientAuth.REQUIRE
                    : ClientAuth.OPTIONAL);
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        return KeyStores.load(file, password, settings.storeType());
    }

    /** The largest store read: a keystore holds a few kilobytes. */
    private static final long MAX_STORE_BYTES = 1 << 20;

    /**
     * The stores' contents as they are now, as a digest of each ("missing" for one that does not
     * read): a store copied over with its old size and modification time is still seen to change.
     */
    private String stamp() {
        StringBuilder stamp = new StringBuilder();
        for (Path file : new Path[] {settings.keystore(), settings.truststore()}) {
            if (file != null) {
                try {
                    if (Files.size(file) > MAX_STORE_BYTES) {
                        throw new IOException(file + " is larger than " + MAX_STORE_BYTES + " bytes");
                    }
                    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                    stamp.append(java.util.HexFormat.of().formatHex(digest));
                } catch (IOException | java.security.NoSuchAlgorithmException unreadable) {
                    stamp.append("missing");
                }
                stamp.append(';');
            }
        }
        return stamp.toString();
    }
}
