package io.cairn.node.paxos;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.node.messages.Ballot;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Ballots only ever grow, whatever the clock does, and move past every ballot seen. */
class BallotGeneratorTest {

    private static final long START = 1_700_000_000_000_000L;

    @Test
    void ballotsFollowTheClockWhileItMovesForward() {
        ManualClock clock = new ManualClock(START);
        BallotGenerator ballots = new BallotGenerator(clock, 9, BallotGenerator.unpersisted());

        assertThat(ballots.next()).isEqualTo(new Ballot(START, 9));
        clock.setMicros(START + 500);
        assertThat(ballots.next()).isEqualTo(new Ballot(START + 500, 9));
    }

    @Test
    void ballotsStillGrowWhenTheClockStandsStillOrStepsBack() {
        ManualClock clock = new ManualClock(START);
        BallotGenerator ballots = new BallotGenerator(clock, 1, BallotGenerator.unpersisted());
        SplittableRandom random = new SplittableRandom(3);
        Ballot previous = ballots.next();
        for (int i = 0; i < 1_000; i++) {
            clock.setMicros(START + random.nextLong(-1_000_000, 1_000_000));
            Ballot next = ballots.next();
            assertThat(next.micros()).as("after %s", previous).isGreaterThan(previous.micros());
            previous = next;
        }
    }

    @Test
    void theNextBallotIsPastEveryBallotObservedEvenFromAnotherNode() {
        ManualClock clock = new ManualClock(START);
        BallotGenerator ballots = new BallotGenerator(clock, 1, BallotGenerator.unpersisted());
        ballots.observe(new Ballot(START + 10_000, 2));
        ballots.observe(new Ballot(START + 5, 3));
        ballots.observe(null);

        assertThat(ballots.next()).isEqualTo(new Ballot(START + 10_001, 1));
        assertThat(ballots.next()).isEqualTo(new Ballot(START + 10_002, 1));
    }

    @Test
    void aGeneratorOpenedOnAMarkIssuesOnlyBallotsAboveIt() {
        ManualClock clock = new ManualClock(START);
        BallotGenerator.HighMarkStore marks = BallotGenerator.unpersisted();
        marks.persist(START + 5_000_000);
        BallotGenerator ballots = new BallotGenerator(clock, 4, marks);

        assertThat(ballots.next()).isEqualTo(new Ballot(START + 5_000_001, 4));
        assertThat(marks.read()).isEqualTo(START + 5_000_001 + BallotGenerator.RESERVE_AHEAD_MICROS);
    }

    @Test
    void nodeIdsAreUniquePerAddressAndExactForIpv4() {
        assertThat(BallotGenerator.nodeIdOf(new NodeAddress("127.0.0.1", 7000)))
                .isEqualTo((0x7F000001L << 16) | 7000);
        assertThat(BallotGenerator.nodeIdOf(new NodeAddress("127.0.0.2", 7000)))
                .isNotEqualTo(BallotGenerator.nodeIdOf(new NodeAddress("127.0.0.1", 7000)))
                .isNotEqualTo(BallotGenerator.nodeIdOf(new NodeAddress("127.0.0.2", 7001)));
        long hashed = BallotGenerator.nodeIdOf(new NodeAddress("node-a", 7000));
        assertThat(hashed).isNotEqualTo(BallotGenerator.nodeIdOf(new NodeAddress("node-b", 7000)));
        assertThat(hashed).isGreaterThanOrEqualTo(1L << 48);
        assertThat(BallotGenerator.nodeIdOf(new NodeAddress("256.0.0.1", 7000))).isGreaterThanOrEqualTo(1L << 48);
    }
}
