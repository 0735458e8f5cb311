package io.cairn.node.query;

/**
 * What a client connection remembers between statements: its current keyspace (set by
 * USE). One per connection; the connection's thread and the executing thread hand it over
 * through the request, so the field is volatile.
 */
public final class ClientSession {

    private volatile String keyspace;

    public ClientSession() {
    }

    public ClientSession(String keyspace) {
        this.keyspace = keyspace;
    }

    /** The current keyspace, or null before any USE. */
    public String keyspace() {
        return keyspace;
    }

    public void useKeyspace(String name) {
        this.keyspace = name;
    }
}
