package io.cairn.sim;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn sim}'s options make the runs they name. */
class SimCommandTest {

    private static SimConfig run(long seed, String... args) {
        SimCommand.Run run = new SimCommand.Run();
        new CommandLine(run).parseArgs(args);
        return run.shape.config(seed);
    }

    @Test
    void lwtRunsLightweightTransactionsUnderPeriodicSyncOnFewContendedKeys() {
        SimConfig config = run(42, "--lwt", "--seeds", "5000", "--minutes", "20");
        assertThat(config).isEqualTo(SimConfig.lwt(42, Duration.ofMinutes(20)));
        assertThat(config.lwt()).isTrue();
        assertThat(config.periodicSync()).isTrue();
        assertThat(config.keys()).isEqualTo(3);
    }

    @Test
    void withoutLwtTheRegularWorkloadRunsAndOptionsStillApply() {
        SimConfig config = run(42, "--keys", "5", "--plant", "PAXOS_CLOCK_BALLOTS");
        assertThat(config.lwt()).isFalse();
        assertThat(config.periodicSync()).isFalse();
        assertThat(config.keys()).isEqualTo(5);
        assertThat(config.plant()).isEqualTo(Plant.PAXOS_CLOCK_BALLOTS);
        assertThat(run(42, "--lwt", "--clients", "7").clients()).isEqualTo(7);
    }

    @Test
    void aFailingRunIsReplayedWithTheOptionsThatMadeIt() {
        String[] args = {"--joins", "--lwt", "--nodes", "5", "--no-hints", "--minutes", "2.5", "--plant",
                "PAXOS_CLOCK_BALLOTS", "--keys", "4", "--clients", "6", "--periodic-sync"};
        SimCommand.Run run = new SimCommand.Run();
        new CommandLine(run).parseArgs(args);
        String flags = run.shape.flags();

        SimCommand.Replay replay = new SimCommand.Replay();
        new CommandLine(replay).parseArgs(("7" + flags).split(" "));
        assertThat(replay.shape.config(7)).isEqualTo(run.shape.config(7));
        assertThat(replay.shape.config(7).joins()).isTrue();

        SimCommand.Run plain = new SimCommand.Run();
        new CommandLine(plain).parseArgs("--seeds", "10");
        assertThat(plain.shape.flags()).isEmpty();
    }
}
