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
}
