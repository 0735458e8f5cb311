package io.cairn.server.transport;

import io.cairn.protocol.ProtocolVersion;

import java.net.InetSocketAddress;

/**
 * What a statement needs to know about the connection it came on: the protocol version, the
 * keyspace chosen by USE and the role the client logged in as. Owned by the connection; the keyspace may be changed from the
 * query layer's threads, hence volatile.
 */
public final class ClientState {

    private final ProtocolVersion version;
    private final InetSocketAddress remoteAddress;
    private volatile String keyspace;
    private volatile String role;

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

    /** The role the client logged in as, or null when the node does not authenticate clients. */
    public String role() {
        return role;
    }

    void loggedInAs(String name) {
        this.role = name;
    }
}
