package io.cairn.tools.shell;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import io.cairn.tools.Cairn;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell's driver settings: cqlsh's request timeout, and no wait before a schema refresh. */
class ShellSessionTest {

    private static DriverExecutionProfile profile(Duration requestTimeout) {
        return ShellSession.config(requestTimeout).getInitialConfig().getDefaultProfile();
    }

    @Test
    void requestsWaitTenSecondsByDefaultAsInCqlsh() {
        assertThat(ShellSession.DEFAULT_REQUEST_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
        assertThat(profile(ShellSession.DEFAULT_REQUEST_TIMEOUT).getDuration(DefaultDriverOption.REQUEST_TIMEOUT))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(profile(Duration.ofSeconds(3)).getDuration(DefaultDriverOption.REQUEST_TIMEOUT))
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void schemaMetadataIsRefreshedAtOnceAfterDdl() {
        assertThat(profile(ShellSession.DEFAULT_REQUEST_TIMEOUT).getDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW))
                .isZero();
    }

    @Test
    void aRequestTimeoutThatIsNotPositiveIsRefused() {
        assertThat(Cairn.run("shell", "--request-timeout", "0", "-e", "SELECT now() FROM system.local")).isEqualTo(2);
        assertThat(Cairn.run("shell", "--request-timeout", "soon")).isEqualTo(2);
    }
}
