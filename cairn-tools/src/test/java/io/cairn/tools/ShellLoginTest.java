package io.cairn.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code cairn shell}'s login options, as cqlsh's: -u, -p and a credentials file. */
class ShellLoginTest {

    @TempDir
    Path directory;

    @Test
    void noOptionsMeansNoLogin() throws Exception {
        assertThat(ShellCommand.Login.of(null, null, null)).isNull();
    }

    @Test
    void theOptionsGiveTheLoginAndWinOverTheFile() throws Exception {
        Path file = directory.resolve("credentials");
        Files.write(file, List.of("[PlainTextAuthProvider]", "username = alice", "password = from-file",
                "[other]", "password = elsewhere"));
        assertThat(ShellCommand.Login.of("bob", "pw", null)).isEqualTo(new ShellCommand.Login("bob", "pw"));
        assertThat(ShellCommand.Login.of(null, null, file)).isEqualTo(new ShellCommand.Login("alice", "from-file"));
        assertThat(ShellCommand.Login.of(null, "given", file)).isEqualTo(new ShellCommand.Login("alice", "given"));
        assertThat(ShellCommand.Login.of("alice", "pw", null).toString()).doesNotContain("pw");
    }

    @Test
    void aPasswordWithoutAUsernameIsRefused() {
        assertThatThrownBy(() -> ShellCommand.Login.of(null, "pw", null)).hasMessageContaining("username");
    }
}
