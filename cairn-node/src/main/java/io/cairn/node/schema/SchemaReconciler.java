package io.cairn.node.schema;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Repairs what a lost schema push left behind. A DDL statement pushes its rows once, and a node
 * that comes back up gets the whole schema; but a push lost while both nodes stay up (a dropped
 * message, a node paused for a few seconds) would leave them apart for good. So every
 * {@link #INTERVAL}, this node sends its whole schema (tombstones of dropped tables included)
 * to each live peer whose gossiped schema version has differed from its own at two checks in a
 * row: a change spreading normally agrees within one. Both sides do the same, and schema rows
 * merge by their timestamps, so they converge. At most one push per peer per interval.
 */
public final class SchemaReconciler {

    /** How often versions are compared. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Supplier<String> ownVersion;
    private final Supplier<Map<NodeAddress, String>> peerVersions;
    private final Consumer<NodeAddress> pushAll;
    /** The peers whose version differed at the last check; guarded by {@code this}. */
    private Set<NodeAddress> differed = new TreeSet<>(BY_ADDRESS);

    private static final Comparator<NodeAddress> BY_ADDRESS = Comparator.comparing(NodeAddress::toString);

    /**
     * @param ownVersion   this node's schema version
     * @param peerVersions the live peers' gossiped schema versions (a peer with none is skipped)
     * @param pushAll      sends this node's whole schema to a peer ({@link SchemaPush#pushAllTo})
     */
    public SchemaReconciler(Supplier<String> ownVersion, Supplier<Map<NodeAddress, String>> peerVersions,
                            Consumer<NodeAddress> pushAll) {
        this.ownVersion = Objects.requireNonNull(ownVersion, "ownVersion");
        this.peerVersions = Objects.requireNonNull(peerVersions, "peerVersions");
        this.pushAll = Objects.requireNonNull(pushAll, "pushAll");
    }

    /**
     * Checks every {@link #INTERVAL} until the returned task is cancelled, each check on
     * {@code work} (reading the schema to push may wait behind a DDL statement: never on the
     * scheduler's thread).
     */
    public Scheduler.Cancellable start(Scheduler scheduler, java.util.concurrent.Executor work) {
        return scheduler.scheduleWithFixedDelay(INTERVAL, INTERVAL, () -> work.execute(this::check));
    }

    /** One check: pushes to the peers that differed now and at the last check. */
    void check() {
        String ours = ownVersion.get();
        List<NodeAddress> stillApart = new ArrayList<>();
        synchronized (this) {
            Set<NodeAddress> differing = new TreeSet<>(BY_ADDRESS);
            peerVersions.get().forEach((peer, version) -> {
                if (version != null && !version.equals(ours)) {
                    differing.add(peer);
                }
            });
            for (NodeAddress peer : differing) {
                if (differed.contains(peer)) {
                    stillApart.add(peer);
                }
            }
            differed = differing;
        }
        stillApart.forEach(pushAll);
    }
}
