package io.cairn.cluster.messaging;

import java.net.InetSocketAddress;
import java.util.Objects;

/** A node's internode address: host (an IP literal) and port. */
public record NodeAddress(String host, int port) implements Comparable<NodeAddress> {

    public NodeAddress {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Port out of range: " + port);
        }
    }

    public static NodeAddress of(InetSocketAddress address) {
        return new NodeAddress(address.getAddress() != null ? address.getAddress().getHostAddress()
                : address.getHostString(), address.getPort());
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public int compareTo(NodeAddress other) {
        int cmp = host.compareTo(other.host);
        return cmp != 0 ? cmp : Integer.compare(port, other.port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
