package io.cairn.cluster.messaging;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class InJvmNetworkTest {

    private final VirtualScheduler scheduler = new VirtualScheduler(new ManualClock(0));
    private final InJvmNetwork network = new InJvmNetwork(scheduler);
    private final NodeAddress a = new NodeAddress("127.0.0.1", 7000);
    private final NodeAddress b = new NodeAddress("127.0.0.2", 7000);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Message message) {
        return new String(message.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void aRequestGetsItsResponse() {
        MessagingService nodeA = network.join(a);
        MessagingService nodeB = network.join(b);
        nodeB.registerHandler(Verb.ECHO, request -> nodeB.respond(request, bytes("pong " + text(request))));
        Responses callback = new Responses();
        nodeA.sendRequest(b, Verb.ECHO, bytes("ping"), Duration.ofSeconds(1), callback);
        scheduler.runDue();
        assertThat(text(callback.response.join())).isEqualTo("pong ping");
        assertThat(callback.response.join().from()).isEqualTo(b);
    }

    @Test
    void messagesCarryTheSendersEpochAndFailuresTheRequestsOwn() {
        MessagingService nodeA = network.join(a);
        MessagingService nodeB = network.join(b);
        List<String> heard = new ArrayList<>();
        nodeA.useEpochs(() -> 3, (from, epoch) -> heard.add("a heard " + epoch));
        nodeB.useEpochs(() -> 5, (from, epoch) -> heard.add("b heard " + epoch + " from " + from));
        nodeB.registerHandler(Verb.ECHO, request -> nodeB.respond(request, bytes("pong")));
        nodeB.registerHandler(Verb.READ, request -> nodeB.respondFailure(request,
                ResponseCallback.Failure.OVERLOADED));
        Responses echoed = new Responses();
        nodeA.sendRequest(b, Verb.ECHO, bytes("ping"), Duration.ofSeconds(1), echoed);
        Responses refused = new Responses();
        nodeA.sendRequest(b, Verb.READ, bytes("read"), Duration.ofSeconds(1), refused);
        scheduler.runDue();
        assertThat(echoed.response.join().epoch()).isEqualTo(5);
        assertThat(refused.failure.join()).isEqualTo(ResponseCallback.Failure.OVERLOADED);
        assertThat(heard).containsExactly("b heard 3 from " + a, "b heard 3 from " + a, "a heard 5", "a heard 5");
    }

    @Test
    void aRequestFutureCompletesWithTheAnswerOrWithNullOnTimeout() {
        MessagingService nodeA = network.join(a);
        MessagingService nodeB = network.join(b);
        nodeB.registerHandler(Verb.ECHO, request -> nodeB.respond(request, bytes("pong")));
        var answered = nodeA.request(b, Verb.ECHO, bytes("ping"), Duration.ofSeconds(1));
        scheduler.runDue();
        assertThat(new String(answered.join(), StandardCharsets.UTF_8)).isEqualTo("pong");

        network.cut(a, b);
        var lost = nodeA.request(b, Verb.ECHO, bytes("ping"), Duration.ofMillis(500));
        scheduler.advance(Duration.ofMillis(500));
        assertThat(lost).isCompletedWithValue(null);
    }

    @Test
    void aCutLinkTimesOutAndAHealedOneDelivers() {
        MessagingService nodeA = network.join(a);
        MessagingService nodeB = network.join(b);
        nodeB.registerHandler(Verb.ECHO, request -> nodeB.respond(request, request.payload()));
        network.cut(a, b);
        Responses lost = new Responses();
        nodeA.sendRequest(b, Verb.ECHO, bytes("x"), Duration.ofMillis(500), lost);
        scheduler.advance(Duration.ofMillis(499));
        assertThat(lost.failure).isNotDone();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(lost.failure.join()).isEqualTo(ResponseCallback.Failure.TIMEOUT);
        network.heal(a, b);
        Responses delivered = new Responses();
        nodeA.sendRequest(b, Verb.ECHO, bytes("y"), Duration.ofMillis(500), delivered);
        scheduler.runDue();
        assertThat(text(delivered.response.join())).isEqualTo("y");
    }

    @Test
    void anUnknownPeerIsUnreachableAndDelaysComeFromThePolicy() {
        MessagingService nodeA = network.join(a);
        Responses nowhere = new Responses();
        nodeA.sendRequest(new NodeAddress("127.0.0.9", 7000), Verb.ECHO, bytes("x"), Duration.ofSeconds(1), nowhere);
        scheduler.runDue();
        assertThat(nowhere.failure.join()).isEqualTo(ResponseCallback.Failure.UNREACHABLE);

        MessagingService nodeB = network.join(b);
        List<String> received = new ArrayList<>();
        nodeB.registerHandler(Verb.MUTATION, message -> received.add(text(message)));
        network.setDeliveryPolicy((from, to, message) -> Optional.of(Duration.ofMillis(30)));
        nodeA.sendOneWay(b, Verb.MUTATION, bytes("late"));
        scheduler.advance(Duration.ofMillis(29));
        assertThat(received).isEmpty();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(received).containsExactly("late");
    }

    @Test
    void aLateResponseIsDroppedAfterTheTimeout() {
        MessagingService nodeA = network.join(a);
        MessagingService nodeB = network.join(b);
        nodeB.registerHandler(Verb.ECHO, request -> nodeB.respond(request, request.payload()));
        network.setDeliveryPolicy((from, to, message) -> Optional.of(Duration.ofMillis(400)));
        Responses callback = new Responses();
        nodeA.sendRequest(b, Verb.ECHO, bytes("slow"), Duration.ofMillis(500), callback);
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(callback.failure.join()).isEqualTo(ResponseCallback.Failure.TIMEOUT);
        assertThat(callback.response).isNotDone();
    }
}
