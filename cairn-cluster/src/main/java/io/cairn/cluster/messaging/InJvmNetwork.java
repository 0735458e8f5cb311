package io.cairn.cluster.messaging;

import io.cairn.common.time.Scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A network inside one JVM: nodes join with an address and exchange messages through the
 * scheduler, after a delay a {@link DeliveryPolicy} chooses (or never: a drop). Tests cut and
 * heal links; the simulator plugs in its seeded delays, losses and partitions.
 */
public final class InJvmNetwork {

    /** Decides the fate of each message: deliver after a delay, or drop (empty). */
    @FunctionalInterface
    public interface DeliveryPolicy {
        Optional<Duration> delay(NodeAddress from, NodeAddress to, Message message);

        /**
         * The delays after which copies of the message arrive: none is a drop, two or more
         * duplicate it. By default the one {@link #delay} gives.
         */
        default List<Duration> deliveries(NodeAddress from, NodeAddress to, Message message) {
            return delay(from, to, message).map(List::of).orElse(List.of());
        }

        DeliveryPolicy IMMEDIATE = (from, to, message) -> Optional.of(Duration.ZERO);
    }

    private final Scheduler scheduler;
    private final Map<NodeAddress, Node> nodes = new ConcurrentHashMap<>();
    private final Set<String> cutLinks = ConcurrentHashMap.newKeySet();
    private volatile DeliveryPolicy policy = DeliveryPolicy.IMMEDIATE;

    public InJvmNetwork(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public void setDeliveryPolicy(DeliveryPolicy deliveryPolicy) {
        this.policy = Objects.requireNonNull(deliveryPolicy, "deliveryPolicy");
    }

    /** A node's messaging on this network, on the network's scheduler. */
    public MessagingService join(NodeAddress address) {
        return join(address, scheduler);
    }

    /**
     * A node's messaging on this network: messages to it are delivered, and its requests time
     * out, on {@code nodeScheduler} (the simulator's per-node scheduler, which a crash or a
     * pause of the node stops).
     */
    public MessagingService join(NodeAddress address, Scheduler nodeScheduler) {
        Node node = new Node(address, nodeScheduler);
        if (nodes.putIfAbsent(address, node) != null) {
            throw new IllegalStateException("Address " + address + " is already on the network");
        }
        return node;
    }

    /** Drops every message from {@code from} to {@code to} until healed (one direction). */
    public void cut(NodeAddress from, NodeAddress to) {
        cutLinks.add(from + ">" + to);
    }

    public void heal(NodeAddress from, NodeAddress to) {
        cutLinks.remove(from + ">" + to);
    }

    /** Cuts both directions between {@code node} and every other node. */
    public void isolate(NodeAddress node) {
        for (NodeAddress other : nodes.keySet()) {
            if (!other.equals(node)) {
                cut(node, other);
                cut(other, node);
            }
        }
    }

    public void healAll() {
        cutLinks.clear();
    }

    private void transmit(NodeAddress from, NodeAddress to, Message message, Runnable onUnreachable) {
        Node target = nodes.get(to);
        if (target == null) {
            onUnreachable.run();
            return;
        }
        if (cutLinks.contains(from + ">" + to)) {
            return;
        }
        for (Duration delay : policy.deliveries(from, to, message)) {
            target.scheduler.schedule(delay, () -> target.deliver(message));
        }
    }

    private final class Node implements MessagingService {
        private final NodeAddress address;
        private final Scheduler scheduler;
        private final RequestTracker requests;
        private final Map<Verb, MessageHandler> handlers = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        private final Epochs epochs = new Epochs();
        private volatile boolean isClosed;

        Node(NodeAddress address, Scheduler scheduler) {
            this.address = address;
            this.scheduler = scheduler;
            this.requests = new RequestTracker(scheduler);
        }

        @Override
        public NodeAddress localAddress() {
            return address;
        }

        @Override
        public void registerHandler(Verb verb, MessageHandler handler) {
            if (handlers.putIfAbsent(verb, handler) != null) {
                throw new IllegalStateException("A handler for " + verb + " is already registered");
            }
        }

        @Override
        public void sendOneWay(NodeAddress to, Verb verb, byte[] payload) {
            if (!isClosed) {
                sent.incrementAndGet();
                transmit(address, to, new Message(requests.nextId(), verb, address, false, epochs.stamp(), payload), () -> { });
            }
        }

        @Override
        public void sendRequest(NodeAddress to, Verb verb, byte[] payload, Duration timeout,
                                ResponseCallback callback) {
            sendRequest(to, verb, payload, epochs.stamp(), timeout, callback);
        }

        @Override
        public void sendRequest(NodeAddress to, Verb verb, byte[] payload, long epoch, Duration timeout,
                                ResponseCallback callback) {
            long id = requests.nextId();
            if (isClosed || !requests.register(id, to, timeout, callback)) {
                callback.onFailure(to, ResponseCallback.Failure.UNREACHABLE);
                return;
            }
            sent.incrementAndGet();
            long stamped = epoch == 0 ? epochs.stamp() : epoch;
            transmit(address, to, new Message(id, verb, address, false, stamped, payload),
                    () -> scheduler.schedule(Duration.ZERO,
                            () -> requests.fail(id, ResponseCallback.Failure.UNREACHABLE)));
        }

        @Override
        public void respond(Message request, byte[] payload) {
            if (!isClosed) {
                sent.incrementAndGet();
                transmit(address, request.from(), new Message(request.id(), request.verb(), address, true, epochs.stamp(),
                        payload),
                        () -> { });
            }
        }

        /** Messages sent, whether the network then delivers, loses or duplicates them. */
        @Override
        public long messagesSent() {
            return sent.get();
        }

        @Override
        public void useEpochs(java.util.function.LongSupplier localEpoch, EpochObserver observer) {
            epochs.use(localEpoch, observer);
        }

        void deliver(Message message) {
            if (isClosed) {
                return;
            }
            epochs.observe(message);
            if (message.isResponse()) {
                requests.complete(message);
                return;
            }
            MessageHandler handler = handlers.get(message.verb());
            if (handler != null) {
                handler.handle(message);
            }
        }

        @Override
        public void close() {
            isClosed = true;
            nodes.remove(address, this);
        }
    }
}
