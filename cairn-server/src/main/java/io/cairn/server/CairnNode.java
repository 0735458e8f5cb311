package io.cairn.server;

import io.cairn.server.config.NodeConfig;

import java.net.InetSocketAddress;

/**
 * A running Cairn node: storage, schema, query layer and the CQL server, wired from a
 * {@link NodeConfig}. {@link #close()} drains: it stops accepting connections, lets
 * in-flight requests finish, flushes and closes storage.
 */
public final class CairnNode implements AutoCloseable {

    private CairnNode() {
    }

    /** Opens storage, loads the schema and starts serving CQL; returns once the port is bound. */
    public static CairnNode start(NodeConfig config) {
        throw new UnsupportedOperationException("pending: the node's wiring");
    }

    /** The address the CQL server is bound to (the configured port, or the chosen one for port 0). */
    public InetSocketAddress nativeAddress() {
        throw new UnsupportedOperationException("pending: the node's wiring");
    }

    @Override
    public void close() {
    }
}
