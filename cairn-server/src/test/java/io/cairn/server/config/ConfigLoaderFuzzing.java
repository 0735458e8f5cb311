package io.cairn.server.config;

import java.nio.file.Path;

/** Opens the configuration loader's parsing of text to the fuzz target. */
public final class ConfigLoaderFuzzing {

    private ConfigLoaderFuzzing() {
    }

    public static NodeConfig parse(String yaml, Path home) {
        return ConfigLoader.parse(yaml, "fuzz.yaml", home);
    }
}
