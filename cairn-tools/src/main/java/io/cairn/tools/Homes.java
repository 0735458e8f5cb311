package io.cairn.tools;

import java.nio.file.Path;

/** Where Cairn is installed: {@code -Dcairn.home} (set by bin/cairn), else the working directory. */
final class Homes {

    private Homes() {
    }

    static Path home() {
        String home = System.getProperty("cairn.home");
        return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
    }
}
