package io.cairn.server;

import io.cairn.common.security.KeyStores;
import io.cairn.server.config.ClientEncryption;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;

/**
 * TLS of the admin endpoint, on when the native transport's is ({@code client_encryption_options}):
 * the endpoint serves HTTPS with the node's keystore, and a node asks the others' endpoints (for
 * the dashboard) trusting the client truststore when there is one, else the root of its own
 * certificate chain (the cluster's certificate authority: each node's certificate is signed by it).
 */
public final class AdminTls {

    private AdminTls() {
    }

    /** The context the endpoint serves with, or null when the native transport has no TLS. */
    static SSLContext server(ClientEncryption settings) throws IOException, GeneralSecurityException {
        if (!settings.enabled()) {
            return null;
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(KeyStores.load(settings.keystore(), settings.keystorePassword(), settings.storeType()),
                settings.keystorePassword().toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** The context this node asks the others' endpoints with, or null when the native transport has no TLS. */
    public static SSLContext peers(ClientEncryption settings) throws IOException, GeneralSecurityException {
        if (!settings.enabled()) {
            return null;
        }
        KeyStore trusted;
        if (settings.truststore() != null) {
            trusted = KeyStores.load(settings.truststore(), settings.truststorePassword(), settings.storeType());
        } else {
            KeyStore own = KeyStores.load(settings.keystore(), settings.keystorePassword(), settings.storeType());
            trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            for (String alias : Collections.list(own.aliases())) {
                Certificate[] chain = own.getCertificateChain(alias);
                if (chain != null && chain.length > 0) {
                    trusted.setCertificateEntry("root-" + alias, chain[chain.length - 1]);
                }
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
