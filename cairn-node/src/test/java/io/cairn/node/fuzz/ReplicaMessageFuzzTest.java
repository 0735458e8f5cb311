package io.cairn.node.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.node.messages.ReplicaMessage;
import io.cairn.node.metadata.MetadataSerializers;

import java.util.List;

/**
 * Fuzz target: the internode message decoders, the replica messages of every data verb and the
 * cluster metadata log's entries and snapshots, take any payload a peer sends. The only failure
 * allowed is {@link MalformedMessageException}, on which the message is refused; anything else,
 * a hang or running out of memory is a bug. {@code JAZZER_FUZZ=1} fuzzes.
 */
class ReplicaMessageFuzzTest {

    private static final List<Verb> VERBS = List.of(Verb.MUTATION, Verb.READ_REPAIR, Verb.HINT, Verb.READ,
            Verb.RANGE_READ, Verb.STREAM, Verb.TRUNCATE, Verb.BATCH_STORE, Verb.BATCH_REMOVE, Verb.PAXOS_PREPARE,
            Verb.PAXOS_PROPOSE, Verb.PAXOS_COMMIT, Verb.PAXOS_CLEANUP, Verb.REPAIR_TREE, Verb.REPAIR_WRITE,
            Verb.REPAIR_MARK, Verb.REPAIR_UNREPAIRED, Verb.REPAIR_FETCH, Verb.TRACE_EVENTS);

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void decodesAnyPayload(FuzzedDataProvider data) {
        int choice = data.consumeInt(0, VERBS.size() + 1);
        byte[] payload = data.consumeRemainingAsBytes();
        try {
            if (choice < VERBS.size()) {
                ReplicaMessage.deserialize(VERBS.get(choice), payload);
            } else if (choice == VERBS.size()) {
                MetadataSerializers.deserializeTransformation(payload);
            } else {
                MetadataSerializers.deserializeSnapshot(payload);
            }
        } catch (MalformedMessageException refused) {
            // A malformed message is refused.
        }
    }
}
