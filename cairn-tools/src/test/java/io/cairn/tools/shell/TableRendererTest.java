package io.cairn.tools.shell;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableRendererTest {

    @Test
    void rendersAlignedColumnsLikeCqlsh() {
        List<String> lines = TableRenderer.render(List.of("id", "name"), List.of(true, false),
                List.of(List.of("1", "ann"), List.of("22", "bob marley")));
        assertThat(lines).containsExactly(
                " id | name",
                "----+------------",
                "  1 | ann",
                " 22 | bob marley");
    }
}
