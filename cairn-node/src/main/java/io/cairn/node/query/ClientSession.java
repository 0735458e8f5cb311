package io.cairn.node.query;

/**
 * What a client connection remembers between statements: its current keyspace (set by
 * USE) and the role it logged in as. One per connection; the connection's thread and the executing thread hand it over
 * through the request, so the field is volatile.
 */
public final class ClientSession {

    private volatile String keyspace;
    private volatile String role;

    public ClientSession() {
    }

    public ClientSession(String keyspace) {
        this.keyspace = keyspace;
    }

    /** @param role the role the client logged in as, or null */
    public ClientSession(String keyspace, String role) {
        this.keyspace = keyspace;
        this.role = role;
    }

    /** The current keyspace, or null before any USE. */
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

    /** Set once the client has authenticated as {@code name}. */
    public void loggedInAs(String name) {
        this.role = name;
    }
}
