package io.cairn.node.coordinator;

import io.cairn.node.messages.TruncateMessage;
import io.cairn.node.ring.Topology;
import io.cairn.node.system.TruncationRecords;

import io.cairn.cluster.messaging.MessagingService;
import io.cairn.common.concurrent.Futures;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.cql.error.UnavailableException;
import io.cairn.storage.TableId;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * TRUNCATE in a cluster: every member of the ring (joining nodes too) empties the table, and
 * the statement succeeds once each of them has acknowledged. As in Cassandra, a truncation
 * cannot be hinted: with a member down it fails at once, and a member that fails or does not
 * answer in time fails it too, each as a TRUNCATE_ERROR saying why ("Error during truncate:
 * ..."). A failed TRUNCATE may have emptied some members: running it again finishes it. Each
 * member records when it truncated (see {@link TruncationRecords}), so that hints and logged
 * batches written before do not bring the rows back.
 */
public final class ClusterTruncate {

    /** How long the members have to answer: Cassandra's truncate_request_timeout. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);


    private ClusterTruncate() {
    }

    /** Empties {@code table} on every member; completes when all did, or fails with TRUNCATE_ERROR. */
    public static CompletableFuture<Void> everywhere(TruncationRecords truncations, MessagingService messaging,
                                              Topology topology,
                                              TableId table, Duration timeout) {
        List<NodeAddress> members = topology.members();
        assert members.contains(topology.self()) : "the ring's members include this node";
        long alive = members.stream().filter(node -> node.equals(topology.self()) || topology.isAlive(node)).count();
        if (alive < members.size()) {
            return CompletableFuture.failedFuture(error(new UnavailableException(ConsistencyLevel.ALL, members.size(),
                    (int) alive).getMessage()));
        }
        List<CompletableFuture<Outcome>> answers = new ArrayList<>();
        byte[] payload = new TruncateMessage(table).serialize();
        for (NodeAddress member : members) {
            if (member.equals(topology.self())) {
                answers.add(CompletableFuture.completedFuture(truncateHere(truncations, table)));
            } else {
                answers.add(messaging.request(member, Verb.TRUNCATE, payload, timeout)
                        .thenApply(Outcome::of));
            }
        }
        return Futures.allOf(answers).thenAccept(outcomes -> {
            long answered = outcomes.stream().filter(outcome -> outcome != Outcome.NO_ANSWER).count();
            if (answered < outcomes.size()) {
                throw error("Truncate timed out - received only " + answered + " responses");
            }
            int failed = outcomes.indexOf(Outcome.FAILED);
            if (failed >= 0) {
                throw error("Truncate failed on replica " + members.get(failed));
            }
        });
    }

    /** This node's own part, answered like a member's: a storage failure fails the TRUNCATE as a TRUNCATE_ERROR. */
    private static Outcome truncateHere(TruncationRecords truncations, TableId table) {
        try {
            truncations.truncateHere(table);
            return Outcome.TRUNCATED;
        } catch (RuntimeException e) {
            return Outcome.FAILED;
        }
    }

    /** What one member answered. */
    private enum Outcome {
        TRUNCATED, FAILED, NO_ANSWER;

        static Outcome of(byte[] answer) {
            if (answer == null) {
                return NO_ANSWER;
            }
            return answer.length == 1 && answer[0] == TruncateMessage.TRUNCATED ? TRUNCATED : FAILED;
        }
    }

    private static CqlException error(String cause) {
        return new CqlException(ErrorCode.TRUNCATE_ERROR, "Error during truncate: " + cause);
    }
}
