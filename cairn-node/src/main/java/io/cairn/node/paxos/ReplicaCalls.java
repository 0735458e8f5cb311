package io.cairn.node.paxos;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.node.messages.PaxosCommitMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * A coordinator's commits, each addressed to one replica: done directly on this node's own
 * replica, sent to the others.
 */
final class ReplicaCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaCalls.class);

    private final PaxosReplica replica;
    private final MessagingService messaging;
    private final NodeAddress self;
    private final Duration commitTimeout;

    ReplicaCalls(PaxosReplica replica, MessagingService messaging, NodeAddress self, Duration commitTimeout) {
        this.replica = replica;
        this.messaging = messaging;
        this.self = self;
        this.commitTimeout = commitTimeout;
    }

    /**
     * Commits on {@code node}: directly when it is this node, else through PAXOS_COMMIT stamped
     * with the epoch the operation's electorate was planned at.
     */
    void commit(NodeAddress node, PaxosCommitMessage message, long planEpoch, Runnable acknowledged,
                Runnable failed) {
        if (node.equals(self)) {
            try {
                replica.commit(message);
            } catch (RuntimeException e) {
                LOG.warn("Local Paxos commit on {} failed: {}", message.table(), e.getMessage());
                failed.run();
                return;
            }
            acknowledged.run();
            return;
        }
        messaging.sendRequest(node, Verb.PAXOS_COMMIT, message.serialize(), planEpoch, commitTimeout,
                new ResponseCallback() {
            @Override
            public void onResponse(Message response) {
                acknowledged.run();
            }

            @Override
            public void onFailure(NodeAddress peer, Failure failure) {
                failed.run();
            }
        });
    }
}
