package io.cairn.node.messages;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paxos answers read back as written, refuse damaged input as malformed, and ballots sort as bytes. */
class PaxosMessagesTest {

    private static final PartitionKey KEY = new PartitionKey(99, "k".getBytes(StandardCharsets.UTF_8));

    private static PartitionUpdate update(int value) {
        return PartitionUpdate.builder(KEY).row(Row.builder(Clustering.EMPTY)
                .cell(Cell.live("v", new byte[] {(byte) value}, 1_000 + value)).build()).build();
    }

    private static List<PaxosPrepareResponse> prepareAnswers() {
        Ballot ballot = new Ballot(1_700_000_000_000_000L, 7);
        PartitionUpdate withTombstone = PartitionUpdate.builder(KEY).deletePartition(new Deletion(5, 1_700_000_000L))
                .build();
        return List.of(
                PaxosPrepareResponse.refused(ballot),
                new PaxosPrepareResponse(true, ballot, null, null, null, null, PartitionUpdate.builder(KEY).build()),
                new PaxosPrepareResponse(true, ballot, new Ballot(3, 1), update(3), new Ballot(2, 9), update(2),
                        withTombstone),
                new PaxosPrepareResponse(true, ballot, null, null, new Ballot(2, 9), null, update(1)));
    }

    private static List<PaxosProposeResponse> proposeAnswers() {
        return List.of(new PaxosProposeResponse(PaxosProposeResponse.Outcome.ACCEPTED, new Ballot(1, 2)),
                new PaxosProposeResponse(PaxosProposeResponse.Outcome.COMMITTED, new Ballot(-1, -2)),
                new PaxosProposeResponse(PaxosProposeResponse.Outcome.REJECTED, new Ballot(Long.MAX_VALUE, 0)));
    }

    @Test
    void answersReadBackAsWritten() {
        for (PaxosPrepareResponse answer : prepareAnswers()) {
            assertThat(PaxosPrepareResponse.deserialize(answer.serialize())).usingRecursiveComparison()
                    .isEqualTo(answer);
        }
        for (PaxosProposeResponse answer : proposeAnswers()) {
            assertThat(PaxosProposeResponse.deserialize(answer.serialize())).isEqualTo(answer);
        }
    }

    @Test
    void truncatedOrDamagedAnswersFailOnlyAsMalformed() {
        List<byte[]> encoded = new ArrayList<>();
        prepareAnswers().forEach(answer -> encoded.add(answer.serialize()));
        proposeAnswers().forEach(answer -> encoded.add(answer.serialize()));
        SplittableRandom random = new SplittableRandom(7);
        for (byte[] bytes : encoded) {
            boolean prepare = encoded.indexOf(bytes) < prepareAnswers().size();
            for (int length = 0; length < bytes.length; length++) {
                byte[] truncated = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> decode(prepare, truncated)).isInstanceOf(MalformedMessageException.class);
            }
            for (int i = 0; i < 200; i++) {
                byte[] damaged = bytes.clone();
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
                try {
                    decode(prepare, damaged);
                } catch (MalformedMessageException expected) {
                    assertThat(expected.getMessage()).startsWith("Malformed PAXOS_");
                }
            }
        }
    }

    private static Object decode(boolean prepare, byte[] bytes) {
        return prepare ? PaxosPrepareResponse.deserialize(bytes) : PaxosProposeResponse.deserialize(bytes);
    }

    @Test
    void aPromiseWithoutDataOrAnUnknownOutcomeIsRefused() {
        byte[] promise = new PaxosPrepareResponse(true, new Ballot(1, 1), null, null, null, null,
                update(1)).serialize();
        byte[] withoutData = Arrays.copyOf(promise, 1 + 1 + 16 + 1 + 1 + 1 + 1 + 1);
        withoutData[withoutData.length - 1] = 0;
        assertThatThrownBy(() -> PaxosPrepareResponse.deserialize(withoutData))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("A promise carries the partition's data");
        byte[] outcome = proposeAnswers().get(0).serialize();
        outcome[1] = 9;
        assertThatThrownBy(() -> PaxosProposeResponse.deserialize(outcome))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("unknown proposal outcome 9");
    }

    @Test
    void aProposalWithABadPortOrNoQuorumIsRefused() {
        PaxosProposeMessage message = new PaxosProposeMessage(new Ballot(1, 1), new io.cairn.storage.TableId("ks", "t"),
                update(1), List.of(new NodeAddress("10.0.0.1", 7000)), 2);
        byte[] bytes = message.serialize();
        byte[] badPort = bytes.clone();
        badPort[bytes.length - 4] = (byte) 0x7F;
        assertThatThrownBy(() -> PaxosProposeMessage.deserialize(badPort))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("Port out of range");
        byte[] noQuorum = bytes.clone();
        int requiredOffset = bytes.length - 4 - 4 - "10.0.0.1".length() - 4 - 4;
        noQuorum[requiredOffset + 3] = 0;
        assertThatThrownBy(() -> PaxosProposeMessage.deserialize(noQuorum))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("a proposal needs at least one acceptance, not 0");
    }

    @Test
    void ballotBytesSortAsBallots() {
        List<Ballot> ballots = List.of(new Ballot(Long.MIN_VALUE, 5), new Ballot(-1, Long.MAX_VALUE), new Ballot(-1, 0),
                new Ballot(0, -5), new Ballot(0, 5), new Ballot(1_700_000_000_000_000L, -1),
                new Ballot(1_700_000_000_000_000L, 1), new Ballot(Long.MAX_VALUE, Long.MIN_VALUE));
        for (Ballot a : ballots) {
            assertThat(Ballot.fromBytes(a.toBytes())).isEqualTo(a);
            for (Ballot b : ballots) {
                assertThat(Integer.signum(Arrays.compareUnsigned(a.toBytes(), b.toBytes())))
                        .as("%s vs %s", a, b).isEqualTo(Integer.signum(a.compareTo(b)));
            }
        }
    }
}
