package io.cairn.node.paxos;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.node.messages.Ballot;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node's ballots across crashes: only synced writes survive (as on a disk under periodic
 * commit-log sync), and a node restarted with its clock set back still issues ballots above
 * every ballot it issued before.
 */
class BallotMarkStoreTest {

    private static final long START = 1_700_000_000_000_000L;
    private static final long NODE = 7;

    private final ManualClock clock = new ManualClock(START);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    /** What survives a crash: the synced writes only. */
    private final InMemoryKvStore durable = new InMemoryKvStore();
    private final AtomicInteger syncedWrites = new AtomicInteger();

    /** A node's storage after a crash: what was synced, nothing else. */
    private KvStorageEngine restart() {
        InMemoryKvStore disk = durable.copy();
        disk.onSyncedWrite(write -> {
            syncedWrites.incrementAndGet();
            write.forEach(durable::mergeCreating);
        });
        return new KvStorageEngine(disk, clock, scheduler, StorageLimits.DEFAULTS, Duration.ZERO);
    }

    private BallotGenerator generatorOn(KvStorageEngine storage) {
        return new BallotGenerator(clock, NODE, new BallotMarkStore(storage));
    }

    @Test
    void aNodeRestartedWithItsClockSetBackNeverIssuesABallotItIssuedBefore() {
        BallotGenerator before = generatorOn(restart());
        Ballot highest = null;
        for (int i = 0; i < 50; i++) {
            clock.setMicros(START + i * 100_000L);
            highest = before.next();
        }
        before.observe(new Ballot(START + 30_000_000, 2));
        highest = before.next();

        clock.setMicros(START - 60_000_000);
        BallotGenerator after = generatorOn(restart());
        Ballot first = after.next();

        assertThat(first.micros()).isGreaterThan(highest.micros());
        for (int i = 0; i < 100; i++) {
            assertThat(after.next().micros()).isGreaterThan(highest.micros());
        }
    }

    @Test
    void theMarkIsWrittenAheadOncePerReservedSecondNotPerBallot() {
        BallotGenerator ballots = generatorOn(restart());
        int issued = 0;
        for (long micros = START; micros < START + 3 * BallotGenerator.RESERVE_AHEAD_MICROS; micros += 1_000) {
            clock.setMicros(micros);
            ballots.next();
            issued++;
        }

        assertThat(issued).isEqualTo(3_000);
        // The first ballot reserves a second past it; each second of ballots after that, one more.
        assertThat(syncedWrites.get()).isEqualTo(3);
    }

    @Test
    void noBallotPastTheMarkIsIssuedWhenTheMarkCannotBePersisted() {
        long[] persisted = {Long.MIN_VALUE};
        BallotGenerator.HighMarkStore failing = new BallotGenerator.HighMarkStore() {
            @Override
            public long read() {
                return persisted[0];
            }

            @Override
            public void persist(long markMicros) {
                if (markMicros > START + 2 * BallotGenerator.RESERVE_AHEAD_MICROS) {
                    throw new IllegalStateException("disk full");
                }
                persisted[0] = markMicros;
            }
        };
        BallotGenerator ballots = new BallotGenerator(clock, NODE, failing);
        assertThat(ballots.next().micros()).isEqualTo(START);
        clock.setMicros(START + BallotGenerator.RESERVE_AHEAD_MICROS);
        assertThat(ballots.next().micros()).isEqualTo(START + BallotGenerator.RESERVE_AHEAD_MICROS);

        clock.setMicros(START + 3 * BallotGenerator.RESERVE_AHEAD_MICROS);
        assertThatThrownBy(ballots::next).hasMessageContaining("disk full");
        // Every ballot issued is still covered by the mark that is durable.
        assertThat(persisted[0]).isGreaterThanOrEqualTo(START + BallotGenerator.RESERVE_AHEAD_MICROS);
    }

    @Test
    void theStoredMarkNeverGoesDown() {
        BallotMarkStore marks = new BallotMarkStore(restart());
        assertThat(marks.read()).isEqualTo(Long.MIN_VALUE);
        marks.persist(START + 5);
        marks.persist(START + 2);

        assertThat(new BallotMarkStore(restart()).read()).isEqualTo(START + 5);
    }
}
