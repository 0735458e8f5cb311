package io.cairn.node.repair;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepairSettingsTest {

    @Test
    void aRangeIsRepairedAgainWithinAFractionOfGcGraceButNotMoreOftenThanTheMinimum() {
        RepairSettings settings = RepairSettings.DEFAULTS;
        assertThat(settings.intervalFor(864_000)).as("half of ten days").isEqualTo(Duration.ofDays(5));
        assertThat(settings.intervalFor(0)).as("gc grace zero: the minimum").isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> settings.withIntervals(Duration.ofHours(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
