package io.cairn.cluster.gossip;

/** What a node tells the cluster about itself through gossip. Ids are wire format. */
public enum ApplicationState {
    STATUS(1),
    TOKENS(2),
    DATA_CENTER(3),
    RACK(4),
    HOST_ID(5),
    SCHEMA_VERSION(6),
    NATIVE_ADDRESS(7),
    RELEASE_VERSION(8),
    LOAD(9),
    /** Where the node's admin endpoint listens ({@code host:port}): its dashboard asks the others'. */
    ADMIN_ADDRESS(10);

    private final int id;

    ApplicationState(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** The state with this id, or null for one this version does not know (a newer node's): ignored. */
    public static ApplicationState of(int id) {
        for (ApplicationState state : values()) {
            if (state.id == id) {
                return state;
            }
        }
        return null;
    }
}
