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
    LOAD(9);

    private final int id;

    ApplicationState(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public static ApplicationState of(int id) {
        for (ApplicationState state : values()) {
            if (state.id == id) {
                return state;
            }
        }
        return null;
    }
}
