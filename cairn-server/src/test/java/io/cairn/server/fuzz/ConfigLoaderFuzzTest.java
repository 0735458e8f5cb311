package io.cairn.server.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.server.config.ConfigLoaderFuzzing;

import java.nio.file.Path;

/**
 * Fuzz target: the YAML configuration loader takes any text. The only failure allowed is an
 * {@link IllegalArgumentException} naming the file and the setting (the node does not start and
 * says why); anything else, a hang or running out of memory is a bug. {@code JAZZER_FUZZ=1} fuzzes.
 */
class ConfigLoaderFuzzTest {

    private static final Path HOME = Path.of("/opt/cairn");

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void loadsAnyText(FuzzedDataProvider data) {
        String yaml = data.consumeRemainingAsString();
        try {
            ConfigLoaderFuzzing.parse(yaml, HOME);
        } catch (IllegalArgumentException refused) {
            // The node would not start, and say why.
        }
    }
}
