package io.cairn.server.transport;

import io.cairn.protocol.ProtocolVersion;

import java.net.InetSocketAddress;

/**
 * What a statement needs to know about the connection it came on: the protocol version, the
 * keyspace chosen by USE and the role the client logged in as. Owned by the connection; the keyspace may be changed from the
 * query layer's threads, hence volatile. It also says what {@code system_views.clients} shows:
 * the driver's name and version from STARTUP, the connection's stage, its requests, its TLS.
 */
public final class ClientState {

    private final ProtocolVersion version;
    private final InetSocketAddress remoteAddress;
    private volatile String keyspace;
    private volatile String role;
    private volatile String driverName;
    private volatile String driverVersion;
    private volatile String stage = "established";
    private volatile String tls;
    private final java.util.concurrent.atomic.LongAdder requests = new java.util.concurrent.atomic.LongAdder();

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

    /** The driver's name and version, as its STARTUP said them (null when it did not). */
    public String driverName() {
        return driverName;
    }

    public String driverVersion() {
        return driverVersion;
    }

    private volatile java.util.Map<String, String> options = java.util.Map.of();

    /** The STARTUP message's options (CQL_VERSION, DRIVER_NAME, COMPRESSION, ...). */
    public java.util.Map<String, String> options() {
        return options;
    }

    void started(java.util.Map<String, String> options, boolean admitted) {
        this.options = java.util.Map.copyOf(options);
        this.driverName = options.get("DRIVER_NAME");
        this.driverVersion = options.get("DRIVER_VERSION");
        this.stage = admitted ? "ready" : "authenticating";
    }

    /** {@code established} (before STARTUP), {@code authenticating} or {@code ready}, as Cassandra names them. */
    public String stage() {
        return stage;
    }

    void ready() {
        this.stage = "ready";
    }

    /** The TLS protocol and cipher suite, "protocol/suite", or null for a plain connection. */
    public String tls() {
        return tls;
    }

    void encrypted(String protocol, String cipherSuite) {
        this.tls = protocol + "/" + cipherSuite;
    }

    /** Requests the connection sent to be executed (statements, PREPARE, BATCH). */
    public long requests() {
        return requests.sum();
    }

    void counted() {
        requests.increment();
    }
}
