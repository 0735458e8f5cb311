package io.cairn.node.query;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class PreparedStatementIdTest {

    @Test
    void theIdIsTheMd5OfKeyspaceThenQuery() {
        // Expected digests computed with md5sum over the same bytes.
        assertThat(HexFormat.of().formatHex(PreparedStatementId.compute("SELECT * FROM orders WHERE id = ?", "shop")))
                .isEqualTo("7424bc8be7819fa9bbc7b1c7bd2c2ac7");
        assertThat(HexFormat.of().formatHex(PreparedStatementId.compute("SELECT * FROM orders WHERE id = ?", null)))
                .isEqualTo("e771b6f0abe4da1e53aa0a1df2792fe7");
    }

    @Test
    void theSameStatementInAnotherKeyspaceGetsAnotherId() {
        assertThat(PreparedStatementId.compute("SELECT * FROM t", "a"))
                .isNotEqualTo(PreparedStatementId.compute("SELECT * FROM t", "b"));
    }
}
