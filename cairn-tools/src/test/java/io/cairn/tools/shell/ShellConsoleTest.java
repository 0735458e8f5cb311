package io.cairn.tools.shell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShellConsoleTest {

    @Test
    void shellCommandsRunFromOneLineWithOrWithoutASemicolon() {
        assertThat(ShellConsole.isShellCommand("CONSISTENCY")).isTrue();
        assertThat(ShellConsole.isShellCommand("consistency quorum;")).isTrue();
        assertThat(ShellConsole.isShellCommand("DESCRIBE TABLE t")).isTrue();
        assertThat(ShellConsole.isShellCommand("desc keyspaces")).isTrue();
        assertThat(ShellConsole.isShellCommand("SOURCE 'x.cql'")).isTrue();
        assertThat(ShellConsole.isShellCommand("SELECT * FROM t")).isFalse();
        assertThat(ShellConsole.isShellCommand("DESCRIPTION")).isFalse();
    }
}
