package io.cairn.node.replica;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;

import java.time.Duration;

/**
 * One replica's disk and messaging, and a peer that sends it requests, over an in-JVM network
 * on a manual clock: what the tests of a replica's message handlers start from. Requests are
 * delivered, and time out, only as the test advances {@link #scheduler}. Closing the harness
 * closes both messaging services and the storage last opened.
 */
public final class ReplicaHarness implements AutoCloseable {

    public static final NodeAddress REPLICA = new NodeAddress("127.0.0.1", 7000);
    public static final NodeAddress PEER = new NodeAddress("127.0.0.2", 7000);
    /** A request the replica does not answer within this fails as a timeout. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    public final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    public final VirtualScheduler scheduler = new VirtualScheduler(clock);
    /** The replica's disk: it outlives the storage engines opened over it, as across a restart. */
    public final InMemoryKvStore disk = new InMemoryKvStore();
    private final InJvmNetwork network = new InJvmNetwork(scheduler);
    /** The replica's messaging, where its handlers register. */
    public final MessagingService messaging = network.join(REPLICA);
    /** The peer's messaging, which sends the replica requests. */
    public final MessagingService peer = network.join(PEER);
    private KvStorageEngine storage;

    /** Opens a storage engine over {@link #disk} (again, after a restart); the harness closes the last one. */
    public KvStorageEngine openStorage() {
        storage = new KvStorageEngine(disk, clock, scheduler, StorageLimits.DEFAULTS, Duration.ZERO);
        return storage;
    }

    /** What one request heard back: its response, or why there is none (both null while it waits). */
    public static final class Answer implements ResponseCallback {
        public Message response;
        public Failure failure;

        @Override
        public void onResponse(Message message) {
            response = message;
        }

        @Override
        public void onFailure(NodeAddress from, Failure reason) {
            failure = reason;
        }
    }

    /** Sends {@code payload} from the peer to the replica as a {@code verb} request, which may time out. */
    public Answer request(Verb verb, byte[] payload) {
        Answer answer = new Answer();
        peer.sendRequest(REPLICA, verb, payload, REQUEST_TIMEOUT, answer);
        return answer;
    }

    @Override
    public void close() {
        messaging.close();
        peer.close();
        if (storage != null) {
            storage.close();
        }
    }
}
