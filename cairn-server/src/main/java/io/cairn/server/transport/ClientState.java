package io.cairn.server.transport;

import io.cairn.protocol.ProtocolVersion;

import java.net.InetSocketAddress;

/**
 * What a statement needs to know about the connection it came on: the protocol version and
 * the keyspace chosen by USE. Owned by the connection; the keyspace may be changed from the
 * query layer's threads, hence volatile.
 */
public final class ClientState {

    private final ProtocolVersion version;
    private final InetSocketAddress remoteAddress;
    private volatile String keyspace;

    public ClientState(ProtocolVersion version, InetSocketAddress remoteAddress) {
        this.version = version;
        this.remoteAddress = remoteAddress;
    }

    public ProtocolVersion version() {
        return version;
    }

    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** The keyspace of USE, or null. */
    public String keyspace() {
        return keyspace;
    }

    public void useKeyspace(String name) {
        this.keyspace = name;
    }
}
