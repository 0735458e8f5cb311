package io.cairn.node.replica;

import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.messages.MutationMessage;
import io.cairn.node.messages.ReadMessage;
import io.cairn.node.messages.ReadMode;
import io.cairn.node.messages.ReplicaMessage;
import io.cairn.node.messages.TruncateMessage;
import io.cairn.node.replica.ReplicaHarness.Answer;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.system.TruncationRecords;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.wire.StorageSerializers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica that receives malformed requests (truncated, corrupt, of another version) answers
 * none of them, and answers the next good request as if nothing had happened.
 */
class ReplicaHandlersMalformedMessageTest {

    private static final TableId TABLE = new TableId("ks", "t");
    private static final Duration TIMEOUT = ReplicaHarness.REQUEST_TIMEOUT;

    private final ReplicaHarness harness = new ReplicaHarness();
    private final VirtualScheduler scheduler = harness.scheduler;
    private final KvStorageEngine storage = harness.openStorage();
    private final ReplicaHandlers replica;

    ReplicaHandlersMalformedMessageTest() {
        ManualClock clock = harness.clock;
        SchemaManager schema = new SchemaManager(storage, clock, new SplittableRandom(1), new StatementParser());
        schema.start();
        storage.createTable(TABLE, TableOptions.DEFAULTS);
        replica = new ReplicaHandlers(storage, harness.messaging, new TruncationRecords(storage, schema, clock),
                ReplicaStage.onCallingThread(), EpochGate.OPEN,
                (table, range, resumeAfter, max) -> new io.cairn.storage.UpdatePage(java.util.List.of(), null), clock);
        replica.register();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Answer request(Verb verb, byte[] payload) {
        return harness.request(verb, payload);
    }

    private static PartitionKey key(String text) {
        return new PartitionKey(text.hashCode(), text.getBytes(StandardCharsets.UTF_8));
    }

    private static PartitionUpdate write(PartitionKey key, int value) {
        return PartitionUpdate.builder(key).row(Row.builder(Clustering.EMPTY)
                .cell(Cell.live("v", new byte[] {(byte) value}, 10)).build()).build();
    }

    /** Every truncation of {@code message}, its other version, and a flipped byte in each position. */
    private static List<byte[]> damaged(ReplicaMessage message) {
        byte[] bytes = message.serialize();
        List<byte[]> damaged = new ArrayList<>();
        for (int length = 0; length < bytes.length; length++) {
            damaged.add(Arrays.copyOf(bytes, length));
        }
        byte[] otherVersion = bytes.clone();
        otherVersion[0] = 2;
        damaged.add(otherVersion);
        damaged.add(Arrays.copyOf(bytes, bytes.length + 1));
        return damaged;
    }

    @Test
    void aReplicaGivenMalformedRequestsAnswersNoneAndServesTheNextGoodOne() {
        PartitionKey key = key("k1");
        List<Answer> refused = new ArrayList<>();
        for (byte[] garbage : damaged(new MutationMessage(TABLE, write(key, 7)))) {
            refused.add(request(Verb.MUTATION, garbage));
        }
        for (byte[] garbage : damaged(new ReadMessage(TABLE, ReadMode.DATA, key, ReadFilter.all(1)))) {
            refused.add(request(Verb.READ, garbage));
        }
        for (Verb verb : List.of(Verb.READ_REPAIR, Verb.HINT, Verb.RANGE_READ, Verb.STREAM)) {
            refused.add(request(verb, new byte[] {1, 0, 0, 0, 2, 'k'}));
        }
        scheduler.advance(TIMEOUT.multipliedBy(2));
        assertThat(refused).allSatisfy(outcome -> {
            assertThat(outcome.response).isNull();
            assertThat(outcome.failure).isEqualTo(ResponseCallback.Failure.TIMEOUT);
        });
        assertThat(replica.malformedMessages()).isEqualTo(refused.size());

        Answer written = request(Verb.MUTATION, new MutationMessage(TABLE, write(key, 7)).serialize());
        scheduler.advance(Duration.ofMillis(10));
        assertThat(written.response).as("the good mutation is acknowledged").isNotNull();
        Answer read = request(Verb.READ, new ReadMessage(TABLE, ReadMode.DATA, key, ReadFilter.all(1)).serialize());
        scheduler.advance(Duration.ofMillis(10));
        PartitionData data = StorageSerializers.deserializeData(read.response.payload());
        assertThat(data.rows()).hasSize(1);
        assertThat(data.rows().get(0).cells().get(0).value()).containsExactly(7);
    }

    @Test
    void aMalformedTruncateIsAnsweredAsAFailureAndTheTableKeepsItsRows() {
        PartitionKey key = key("k2");
        storage.apply(TABLE, write(key, 3));
        Answer garbage = request(Verb.TRUNCATE, new byte[] {1, 0, 0});
        scheduler.advance(Duration.ofMillis(10));
        assertThat(garbage.response.payload()).containsExactly(0);
        assertThat(storage.read(TABLE, key, ReadFilter.all(1)).rows()).hasSize(1);

        Answer truncated = request(Verb.TRUNCATE, new TruncateMessage(TABLE).serialize());
        scheduler.advance(Duration.ofMillis(10));
        assertThat(truncated.response.payload()).containsExactly(1);
        assertThat(storage.read(TABLE, key, ReadFilter.all(1)).rows()).isEmpty();
    }
}
