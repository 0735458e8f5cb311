package io.cairn.node.agreement;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.RandomLogs;
import io.cairn.node.metadata.log.InMemoryLogStore;
import io.cairn.node.metadata.log.LocalLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Nodes learn the metadata log by pushes, by fetching from a node that shows a newer epoch, and by pulling. */
class MetadataExchangeTest {

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final InJvmNetwork network = new InJvmNetwork(scheduler);
    private final List<NodeAddress> addresses = List.of(address(1), address(2), address(3));
    private final List<MessagingService> messaging = new ArrayList<>();
    private final List<LocalLog> logs = new ArrayList<>();
    private final List<MetadataExchange> exchanges = new ArrayList<>();
    private final List<LogEntry> history = RandomLogs.log(new Random(7), 2_500);

    private static NodeAddress address(int i) {
        return new NodeAddress("127.0.0." + i, 7000);
    }

    MetadataExchangeTest() {
        for (NodeAddress address : addresses) {
            MessagingService service = network.join(address);
            LocalLog log = new LocalLog(new InMemoryLogStore(), RandomLogs.empty());
            MetadataExchange exchange = new MetadataExchange(service, log, scheduler, new SplittableRandom(1),
                    () -> List.of(address(1)), () -> addresses, Duration.ofSeconds(1), Runnable::run);
            exchange.register(UnaryOperator.identity());
            service.useEpochs(() -> log.epoch().value(), exchange);
            messaging.add(service);
            logs.add(log);
            exchanges.add(exchange);
        }
    }

    @AfterEach
    void stop() {
        messaging.forEach(MessagingService::close);
    }

    @Test
    void aNodeThatHearsANewerEpochFetchesEveryPageItLacks() {
        logs.get(0).append(history);
        messaging.get(0).sendOneWay(address(2), Verb.ECHO, new byte[0]);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(logs.get(1).epoch()).isEqualTo(new Epoch(history.size()));
        assertThat(logs.get(1).current()).isEqualTo(logs.get(0).current());
        assertThat(logs.get(2).epoch()).as("no message showed node 3 anything").isEqualTo(Epoch.EMPTY);
    }

    @Test
    void pushedEntriesAreAppliedAndAPushThatLeavesAGapIsFilledByTheNextFetch() {
        logs.get(0).append(history.subList(0, 10));
        exchanges.get(0).push(history.subList(0, 10));
        scheduler.runDue();
        assertThat(logs.get(1).epoch().value()).isEqualTo(10);
        assertThat(logs.get(2).epoch().value()).isEqualTo(10);

        network.cut(address(1), address(3));
        logs.get(0).append(history.subList(10, 20));
        exchanges.get(0).push(history.subList(10, 20));
        network.heal(address(1), address(3));
        logs.get(0).append(history.subList(20, 21));
        exchanges.get(0).push(history.subList(20, 21));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(logs.get(2).epoch().value()).as("the push of 21 arrived after a gap; its epoch led to a fetch")
                .isEqualTo(21);
    }

    @Test
    void aNodeThatMissedEveryPushLearnsAtTheNextPull() {
        exchanges.get(2).startPulling();
        network.cut(address(1), address(3));
        logs.get(0).append(history.subList(0, 50));
        exchanges.get(0).push(history.subList(0, 50));
        network.heal(address(1), address(3));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(logs.get(2).epoch()).isEqualTo(Epoch.EMPTY);
        scheduler.advance(MetadataExchange.PULL_INTERVAL);
        assertThat(logs.get(2).epoch().value()).isEqualTo(50);
    }

    @Test
    void aGoalHeardDuringAPullOutlivesThePullsEmptyAnswer() {
        exchanges.get(2).startPulling();
        scheduler.advance(MetadataExchange.PULL_INTERVAL.minusMillis(1));
        logs.get(1).append(history.subList(0, 30));
        network.cut(address(1), address(3));
        scheduler.advance(Duration.ofMillis(1));
        // The pull asked node 1, which has nothing; meanwhile node 2 shows epoch 30.
        messaging.get(1).sendOneWay(address(3), Verb.ECHO, new byte[0]);
        network.heal(address(1), address(3));
        scheduler.advance(Duration.ofSeconds(3));
        assertThat(logs.get(2).epoch().value()).isEqualTo(30);
    }

    @Test
    void aPageThatCannotBeAppliedDoesNotStopLaterFetches() {
        LocalLog unopened = LocalLog.open(new InMemoryLogStore(), RandomLogs.empty());
        MessagingService service = network.join(address(4));
        MetadataExchange exchange = new MetadataExchange(service, unopened, scheduler, new SplittableRandom(2),
                () -> List.of(address(1)), () -> addresses, Duration.ofSeconds(1), Runnable::run);
        exchange.register(UnaryOperator.identity());
        service.useEpochs(() -> unopened.epoch().value(), exchange);
        messaging.add(service);
        logs.get(0).append(history.subList(0, 5));
        messaging.get(0).sendOneWay(address(4), Verb.ECHO, new byte[0]);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(unopened.epoch()).as("a log not replayed yet refuses appends").isEqualTo(Epoch.EMPTY);
        unopened.replay();
        messaging.get(0).sendOneWay(address(4), Verb.ECHO, new byte[0]);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(unopened.epoch().value()).isEqualTo(5);
    }

    @Test
    void pagesAreBoundedInEntriesAndBytesAndAlwaysCarryOneEntry() {
        List<LogEntry> entries = history.subList(0, 25);
        List<byte[]> byCount = ExchangeMessages.pages(entries, 10, Integer.MAX_VALUE);
        assertThat(byCount).hasSize(3);
        List<byte[]> oneEach = ExchangeMessages.pages(entries, 1_000, 1);
        assertThat(oneEach).hasSize(25);
        List<LogEntry> back = new ArrayList<>();
        for (byte[] page : oneEach) {
            back.addAll(ExchangeMessages.readEntries(page, "page"));
        }
        assertThat(back).isEqualTo(entries);
        assertThat(ExchangeMessages.readEntries(ExchangeMessages.pages(List.of()).get(0), "empty page")).isEmpty();
    }

    @Test
    void malformedExchangesAreIgnoredAndCounted() {
        logs.get(1).append(history.subList(0, 5));
        messaging.get(0).sendOneWay(address(2), Verb.METADATA_PUSH, new byte[] {1, 0, 0, 0, 9, 42});
        messaging.get(0).request(address(2), Verb.METADATA_FETCH, new byte[] {1, 2, 3}, Duration.ofSeconds(1));
        messaging.get(0).sendOneWay(address(2), Verb.METADATA_PUSH, new byte[] {9});
        scheduler.advance(Duration.ofSeconds(2));
        assertThat(exchanges.get(1).malformedMessages()).isEqualTo(3);
        assertThat(logs.get(1).epoch().value()).isEqualTo(5);
        assertThat(logs.get(1).halted()).isEmpty();
    }
}
