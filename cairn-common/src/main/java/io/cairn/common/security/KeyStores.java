package io.cairn.common.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Reading the key and trust stores that TLS, between clients and nodes and between nodes, is set up from. */
public final class KeyStores {

    private KeyStores() {
    }

    /** The store of {@code type} (JKS, which reads PKCS12 too, or PKCS12) in {@code file}, opened with {@code password}. */
    public static KeyStore load(Path file, String password, String type) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
