package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.Slice;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every replica message reads back what was written, and refuses truncated or corrupt input clearly. */
class ReplicaMessageTest {

    private static final TableId TABLE = new TableId("shop", "orders");
    private static final PartitionKey KEY = new PartitionKey(-7_000_000_000L, "k1".getBytes(StandardCharsets.UTF_8));

    private static PartitionUpdate update() {
        return PartitionUpdate.builder(KEY)
                .deleteRange(new Slice(new ClusteringBound(Clustering.of(new byte[] {1}), true),
                        new ClusteringBound(Clustering.of(new byte[] {5}), false)), new Deletion(10, 1_700_000_000L))
                .row(Row.builder(Clustering.of(new byte[] {2})).cell(Cell.live("v", new byte[] {4, 2}, 11)).build())
                .build();
    }

    private static ReadFilter filter() {
        return new ReadFilter(Set.of("v"), List.of(Slice.ALL), false, 100, 10, 1_700_000_000L);
    }

    /** One message of every kind this package has. */
    static List<ReplicaMessage> examples() {
        TokenRange range = new TokenRange(-100, false, 500, true);
        List<TableMutation> mutations = List.of(new TableMutation(TABLE, update()),
                new TableMutation(new TableId("system_schema", "tables"), PartitionUpdate.builder(KEY).build()));
        return List.of(
                new MutationMessage(TABLE, update()),
                new ReadRepairMessage(TABLE, update()),
                new HintMessage(TABLE, update(), 1_700_000_000_123_456L),
                new ReadMessage(TABLE, ReadMode.DATA, KEY, filter()),
                new ReadMessage(TABLE, ReadMode.DIGEST, KEY, ReadFilter.all(5)),
                new ReadMessage(TABLE, ReadMode.RAW, KEY, filter()),
                new RangeReadMessage(TABLE, range, null, filter()),
                new RangeReadMessage(TABLE, range, new ScanPosition(KEY, Clustering.of(new byte[] {3})), filter()),
                new RangeReadMessage(TABLE, range, null, filter(), IndexExpression.of("t_v",
                        IndexExpression.Operator.EQ, new byte[] {0, 0, 0, 7})),
                new RangeReadMessage(TABLE, TokenRange.FULL, null, filter(), IndexExpression.ann("t_embedding",
                        new byte[] {63, -128, 0, 0, 0, 0, 0, 0}, 10, List.of(IndexExpression.of("t_v",
                                IndexExpression.Operator.EQ, new byte[] {0, 0, 0, 7}), new IndexExpression("t_w",
                                IndexExpression.Operator.RANGE, Arrays.asList(null, new byte[] {1}), true, false)))),
                new RangeReadMessage(TABLE, range, new ScanPosition(KEY, null), filter(), IndexExpression.ann("t_embedding",
                        new byte[] {63, -128, 0, 0}, 1_000, List.of())),
                new StreamMessage(TABLE, range, null),
                new StreamMessage(TABLE, TokenRange.FULL, KEY),
                new StreamMessage(TABLE, range, KEY, StreamMessage.Part.PAXOS_REGISTERS),
                new TruncateMessage(TABLE),
                new BatchStoreMessage(new UUID(0x1234_5678L, -99L), mutations),
                new BatchRemoveMessage(new UUID(0x1234_5678L, -99L)),
                new PaxosPrepareMessage(new Ballot(1_700_000_000_123_456L, 42), TABLE, KEY, filter()),
                new PaxosPrepareMessage(new Ballot(5, 6), TABLE, KEY, ReadFilter.all(0).withSlices(
                        List.of(Slice.prefixedBy(Clustering.of(new byte[] {2})), new Slice(
                                ClusteringBound.exclusive(Clustering.of(new byte[] {4})), ClusteringBound.OPEN)))),
                new PaxosProposeMessage(new Ballot(1_700_000_000_123_456L, -3), TABLE, update(),
                        List.of(new io.cairn.cluster.messaging.NodeAddress("127.0.0.1", 7000)), 2),
                new PaxosProposeMessage(new Ballot(5, 6), TABLE, update(), List.of(), 1),
                new PaxosCommitMessage(new Ballot(Long.MAX_VALUE, Long.MIN_VALUE), TABLE, update()),
                new PaxosCleanupMessage(new Ballot(1_700_000_000_123_456L, 7), TABLE, KEY),
                new PaxosCleanupMessage(List.of(new PaxosCleanupMessage.Cleanup(new Ballot(5, 6), TABLE, KEY),
                        new PaxosCleanupMessage.Cleanup(new Ballot(7, 8), new TableId("ks2", "t2"),
                                new PartitionKey(-3, new byte[] {9})))),
                new RepairTreeMessage(TABLE, range, 1),
                new RepairTreeMessage(TABLE, TokenRange.FULL, RepairTreeMessage.MAX_LEAVES),
                new RepairWriteMessage(TABLE, List.of(update(), PartitionUpdate.builder(KEY).build())),
                new RepairWriteMessage(TABLE, List.of()),
                new RepairTreeMessage(TABLE, range, 2, List.of(new PartitionKey(range.end(), new byte[] {1}))),
                new RepairTreeMessage(TABLE, TokenRange.FULL, 4, List.of()),
                new RepairMarkMessage(TABLE, range, 1_700_000_000L, RepairMarkMessage.CLEAR_NONE),
                new RepairMarkMessage(TABLE, TokenRange.FULL, Long.MAX_VALUE, Long.MAX_VALUE),
                new RepairUnrepairedMessage(TABLE, range),
                new RepairFetchMessage(TABLE, List.of(KEY, new PartitionKey(-3, new byte[] {9}))),
                new TraceEventsMessage(new UUID(7, 8), List.of(
                        new TraceEventsMessage.Event(new UUID(0x1000L, 1), "Read 1 live rows", "127.0.0.2", 7000, 312,
                                "cairn-replica-3"),
                        new TraceEventsMessage.Event(new UUID(0x1001L, 1), "", "::1", 0, 0, ""))),
                new TraceEventsMessage(new UUID(7, 9), List.of()));
    }

    @Test
    void everyMessageTypeReadsBackAsWritten() {
        for (ReplicaMessage message : examples()) {
            assertThat(ReplicaMessage.deserialize(message.verb(), message.serialize())).as("%s", message.verb())
                    .usingRecursiveComparison().isEqualTo(message);
        }
    }

    @Test
    void everyVerbWithAMessageIsCovered() {
        assertThat(examples().stream().map(ReplicaMessage::verb).distinct()).containsExactlyInAnyOrder(
                Verb.MUTATION, Verb.READ_REPAIR, Verb.HINT, Verb.READ, Verb.RANGE_READ, Verb.INDEX_READ, Verb.STREAM,
                Verb.TRUNCATE,
                Verb.BATCH_STORE, Verb.BATCH_REMOVE, Verb.PAXOS_PREPARE, Verb.PAXOS_PROPOSE,
                Verb.PAXOS_COMMIT, Verb.PAXOS_CLEANUP, Verb.REPAIR_TREE, Verb.REPAIR_WRITE,
                Verb.REPAIR_MARK, Verb.REPAIR_UNREPAIRED, Verb.REPAIR_FETCH, Verb.TRACE_EVENTS);
    }

    @Test
    void everyTruncationOfEveryMessageIsRefusedAsMalformed() {
        for (ReplicaMessage message : examples()) {
            byte[] bytes = message.serialize();
            for (int length = 0; length < bytes.length; length++) {
                byte[] truncated = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> ReplicaMessage.deserialize(message.verb(), truncated))
                        .as("%s truncated to %d of %d bytes", message.verb(), length, bytes.length)
                        .isInstanceOf(MalformedMessageException.class)
                        .hasMessageStartingWith("Malformed " + message.verb() + " message: expected");
            }
        }
    }

    @Test
    void aSearchForNeighboursIsRefusedAsMalformedWhenItsCountOrRestrictionsAreOutOfBounds() {
        for (int neighbours : new int[] {0, -1, IndexExpression.MAX_NEIGHBOURS + 1}) {
            assertThatThrownBy(() -> IndexExpression.ann("i", new byte[4], neighbours, List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neighbours");
        }
        IndexExpression search = IndexExpression.ann("i", new byte[4], 5, List.of());
        // A search restricted by a search, and restrictions with trailing bytes.
        io.cairn.common.wire.ByteWriter searchInSearch = new io.cairn.common.wire.ByteWriter();
        searchInSearch.writeByte(1);
        search.write(searchInSearch);
        io.cairn.common.wire.ByteWriter trailing = new io.cairn.common.wire.ByteWriter();
        trailing.writeByte(1);
        IndexExpression.of("j", IndexExpression.Operator.EQ, new byte[] {1}).write(trailing);
        trailing.writeByte(9);
        for (byte[] and : List.of(searchInSearch.toByteArray(), trailing.toByteArray(), new byte[] {0})) {
            IndexExpression malformed = new IndexExpression("i", IndexExpression.Operator.ANN,
                    Arrays.asList(new byte[4], new byte[] {0, 0, 0, 5}, and), true, true);
            byte[] bytes = new RangeReadMessage(TABLE, TokenRange.FULL, null, filter(), malformed).serialize();
            assertThatThrownBy(() -> ReplicaMessage.deserialize(Verb.INDEX_READ, bytes))
                    .isInstanceOf(MalformedMessageException.class);
        }
        assertThat(search.restrictions()).isEmpty();
    }

    @Test
    void trailingBytesAreRefused() {
        for (ReplicaMessage message : examples()) {
            byte[] longer = Arrays.copyOf(message.serialize(), message.serialize().length + 1);
            assertThatThrownBy(() -> ReplicaMessage.deserialize(message.verb(), longer))
                    .isInstanceOf(MalformedMessageException.class).hasMessageContaining("found 1 byte trailing");
        }
    }

    @Test
    void anotherVersionIsRefused() {
        byte[] bytes = new MutationMessage(TABLE, update()).serialize();
        bytes[0] = 2;
        assertThatThrownBy(() -> MutationMessage.deserialize(bytes)).isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("Malformed MUTATION message: expected version 1, found version 2 at offset 0");
    }

    @Test
    void anUnknownReadModeIsRefused() {
        byte[] bytes = new ReadMessage(TABLE, ReadMode.DATA, KEY, filter()).serialize();
        int modeOffset = 1 + 4 + "shop".length() + 4 + "orders".length();
        bytes[modeOffset] = 7;
        assertThatThrownBy(() -> ReadMessage.deserialize(bytes)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("expected a read mode (0, 1 or 2), found 7");
    }

    @Test
    void aTableNameTooLongOrInvalidIsRefused() {
        byte[] tooLong = new ByteWriter().writeByte(ReplicaMessage.VERSION).writeString("k".repeat(49))
                .writeString("t").toByteArray();
        assertThatThrownBy(() -> TruncateMessage.deserialize(tooLong)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("expected a length between 0 and 48, found length 49");
        byte[] invalid = new ByteWriter().writeByte(ReplicaMessage.VERSION).writeString("k-1").writeString("t")
                .toByteArray();
        assertThatThrownBy(() -> TruncateMessage.deserialize(invalid)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("Invalid table name k-1.t");
    }

    @Test
    void aCleanupMessageCarriesOneToMaxCleanups() {
        byte[] none = new ByteWriter().writeByte(ReplicaMessage.VERSION).writeInt(0).toByteArray();
        assertThatThrownBy(() -> PaxosCleanupMessage.deserialize(none)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("expected at least one cleanup");
        byte[] tooMany = new ByteWriter().writeByte(ReplicaMessage.VERSION)
                .writeInt(PaxosCleanupMessage.MAX_CLEANUPS + 1).toByteArray();
        assertThatThrownBy(() -> PaxosCleanupMessage.deserialize(tooMany))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("expected a count between 0 and " + PaxosCleanupMessage.MAX_CLEANUPS);
        assertThatThrownBy(() -> new PaxosCleanupMessage(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void traceEventsAreBoundedInNumberAndLength() {
        byte[] tooMany = new ByteWriter().writeByte(ReplicaMessage.VERSION).writeUuid(new UUID(1, 2))
                .writeInt(TraceEventsMessage.MAX_EVENTS + 1).toByteArray();
        assertThatThrownBy(() -> TraceEventsMessage.deserialize(tooMany)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("expected a count between 0 and " + TraceEventsMessage.MAX_EVENTS);
        byte[] longActivity = new ByteWriter().writeByte(ReplicaMessage.VERSION).writeUuid(new UUID(1, 2)).writeInt(1)
                .writeUuid(new UUID(3, 4)).writeString("x".repeat(TraceEventsMessage.MAX_ACTIVITY_BYTES + 1))
                .writeString("127.0.0.1").writeInt(7000).writeInt(5).writeString("t").toByteArray();
        assertThatThrownBy(() -> TraceEventsMessage.deserialize(longActivity))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("too long");
        byte[] negative = new ByteWriter().writeByte(ReplicaMessage.VERSION).writeUuid(new UUID(1, 2)).writeInt(1)
                .writeUuid(new UUID(3, 4)).writeString("a").writeString("127.0.0.1").writeInt(7000).writeInt(-1)
                .writeString("t").toByteArray();
        assertThatThrownBy(() -> TraceEventsMessage.deserialize(negative))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("Negative elapsed time");
    }

    @Test
    void aTracedPayloadCarriesItsSessionAheadOfItsMessage() {
        for (ReplicaMessage message : examples()) {
            byte[] plain = message.serialize();
            assertThat(plain[0]).as("%s starts with its version, never the marker", message.verb())
                    .isNotEqualTo(TracedPayload.MARKER);
            TracedPayload.Unwrapped untraced = TracedPayload.unwrap(plain);
            assertThat(untraced.session()).isNull();
            assertThat(untraced.message()).isSameAs(plain);
            TracedPayload.Unwrapped traced = TracedPayload.unwrap(TracedPayload.wrap(new UUID(5, 6), plain));
            assertThat(traced.session()).isEqualTo(new UUID(5, 6));
            assertThat(traced.message()).isEqualTo(plain);
        }
        // A marker without a whole session id is not a traced payload: its handler refuses it as malformed.
        assertThat(TracedPayload.unwrap(new byte[] {TracedPayload.MARKER, 1, 2}).session()).isNull();
    }

    @Test
    void aVerbWithoutAReplicaMessageIsRefused() {
        assertThatThrownBy(() -> ReplicaMessage.deserialize(Verb.GOSSIP_DIGEST_SYN, new byte[] {1}))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("GOSSIP_DIGEST_SYN");
    }

    @Test
    void randomBytesFailOnlyAsMalformed() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (ReplicaMessage message : examples()) {
            byte[] bytes = message.serialize();
            for (int i = 0; i < 200; i++) {
                byte[] damaged = bytes.clone();
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
                try {
                    ReplicaMessage.deserialize(message.verb(), damaged);
                } catch (MalformedMessageException expected) {
                    assertThat(expected.getMessage()).startsWith("Malformed " + message.verb() + " message: ");
                }
            }
        }
    }
}
