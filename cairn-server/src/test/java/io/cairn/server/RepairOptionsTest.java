package io.cairn.server;

import io.cairn.storage.TokenRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepairOptionsTest {

    @Test
    void noQueryIsAnIncrementalRepairOfTheWholeRing() {
        assertThat(RepairOptions.parse(null)).isEqualTo(new RepairOptions(false, null));
        assertThat(RepairOptions.parse("")).isEqualTo(new RepairOptions(false, null));
    }

    @Test
    void fullAndARangeAfterStartUpToEnd() {
        RepairOptions options = RepairOptions.parse("full=true&range=-100:250");

        assertThat(options.full()).isTrue();
        assertThat(options.ranges()).containsExactly(TokenRange.openClosed(-100, 250));
        assertThat(RepairOptions.parse("range=%2D5%3A7").ranges()).containsExactly(TokenRange.openClosed(-5, 7));
    }

    @Test
    void aRangeWhoseStartIsNotBelowItsEndWrapsAroundTheRing() {
        assertThat(RepairOptions.ranges("250:-100")).containsExactly(TokenRange.openClosed(250, Long.MAX_VALUE),
                new TokenRange(Long.MIN_VALUE, true, -100, true));
        assertThat(RepairOptions.ranges(Long.MAX_VALUE + ":" + Long.MIN_VALUE)).isEqualTo(List.of(
                new TokenRange(Long.MIN_VALUE, true, Long.MIN_VALUE, true)));
    }

    @Test
    void badOptionsAreRefusedSayingWhatIsExpected() {
        assertThatThrownBy(() -> RepairOptions.parse("full=yes")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> RepairOptions.parse("range=1")).hasMessageContaining("START:END");
        assertThatThrownBy(() -> RepairOptions.parse("range=a:b")).hasMessageContaining("64-bit");
        assertThatThrownBy(() -> RepairOptions.parse("fast=true")).hasMessageContaining("Unknown repair option 'fast'");
    }
}
