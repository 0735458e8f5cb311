package io.cairn.node.replica;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replica stage: bounded, and a full stage answers OVERLOADED instead of queueing. */
class ReplicaStageTest {

    private final VirtualScheduler scheduler = new VirtualScheduler(new ManualClock(0));
    private final InJvmNetwork network = new InJvmNetwork(scheduler);
    private final NodeAddress coordinatorAddress = new NodeAddress("127.0.0.1", 7000);
    private final NodeAddress replicaAddress = new NodeAddress("127.0.0.2", 7000);
    private final MessagingService coordinator = network.join(coordinatorAddress);
    private final MessagingService replica = network.join(replicaAddress);
    /** The stage's executor: tasks wait here until the test runs them, like a busy pool. */
    private final Queue<Runnable> pool = new ArrayDeque<>();

    private record Outcome(String answer, ResponseCallback.Failure failure) {
    }

    private List<Outcome> sendReads(int count) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            outcomes.add(null);
            coordinator.sendRequest(replicaAddress, Verb.READ, ("read " + i).getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(10), new ResponseCallback() {
                        @Override
                        public void onResponse(Message response) {
                            outcomes.set(index, new Outcome(new String(response.payload(), StandardCharsets.UTF_8),
                                    null));
                        }

                        @Override
                        public void onFailure(NodeAddress peer, Failure failure) {
                            outcomes.set(index, new Outcome(null, failure));
                        }
                    });
        }
        scheduler.runDue();
        return outcomes;
    }

    private ReplicaStage echoOnStage(int maxQueuedTasks) {
        ReplicaStage stage = new ReplicaStage(pool::add, maxQueuedTasks);
        replica.registerHandler(Verb.READ, stage.wrap(replica, request -> replica.respond(request,
                ("answer to " + new String(request.payload(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8))));
        return stage;
    }

    @Test
    void requestsBeyondTheStagesBoundAreAnsweredOverloadedAtOnce() {
        ReplicaStage stage = echoOnStage(2);
        List<Outcome> outcomes = sendReads(3);
        // Two wait on the stage; the third is refused without waiting for its 10 s timeout.
        assertThat(outcomes.get(0)).isNull();
        assertThat(outcomes.get(1)).isNull();
        assertThat(outcomes.get(2)).isEqualTo(new Outcome(null, ResponseCallback.Failure.OVERLOADED));
        assertThat(stage.queuedTasks()).isEqualTo(2);
        assertThat(stage.refusedRequests()).isEqualTo(1);
        assertThat(stage.refusedByVerb()).as("what tpstats shows by message type")
                .isEqualTo(java.util.Map.of(Verb.READ, 1L));

        pool.forEach(Runnable::run);
        pool.clear();
        scheduler.runDue();
        assertThat(outcomes.subList(0, 2)).containsExactly(new Outcome("answer to read 0", null),
                new Outcome("answer to read 1", null));
        assertThat(stage.queuedTasks()).isZero();
    }

    @Test
    void aStageThatDrainedAcceptsWorkAgain() {
        ReplicaStage stage = echoOnStage(1);
        sendReads(1);
        pool.poll().run();
        scheduler.runDue();
        List<Outcome> later = sendReads(1);
        pool.poll().run();
        scheduler.runDue();
        assertThat(later.get(0)).isEqualTo(new Outcome("answer to read 0", null));
        assertThat(stage.refusedRequests()).isZero();
    }

    @Test
    void aHandlerThatThrowsFreesItsPlaceOnTheStage() {
        ReplicaStage stage = new ReplicaStage(Runnable::run, 1);
        replica.registerHandler(Verb.MUTATION, stage.wrap(replica, message -> {
            throw new IllegalStateException("storage failed");
        }));
        coordinator.sendOneWay(replicaAddress, Verb.MUTATION, new byte[0]);
        coordinator.sendOneWay(replicaAddress, Verb.MUTATION, new byte[0]);
        scheduler.runDue();
        assertThat(stage.queuedTasks()).isZero();
        assertThat(stage.refusedRequests()).isZero();
    }

    @Test
    void theBoundMustAllowAtLeastOneTask() {
        assertThatThrownBy(() -> new ReplicaStage(Runnable::run, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxQueuedTasks must be at least 1");
    }
}
