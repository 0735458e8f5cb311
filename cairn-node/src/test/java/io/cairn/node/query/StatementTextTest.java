package io.cairn.node.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Passwords never reach a trace or the slow query log. */
class StatementTextTest {

    @Test
    void passwordsOfRoleStatementsAreHidden() {
        assertThat(StatementText.redacted("CREATE ROLE alice WITH PASSWORD = 'it''s secret' AND LOGIN = true"))
                .isEqualTo("CREATE ROLE alice WITH PASSWORD = '*****' AND LOGIN = true");
        assertThat(StatementText.redacted("alter user bob with password 'pw'"))
                .isEqualTo("alter user bob with password '*****'");
        assertThat(StatementText.redacted("CREATE ROLE c WITH HASHED PASSWORD = $$x$y$$ AND LOGIN = true"))
                .isEqualTo("CREATE ROLE c WITH HASHED PASSWORD = '*****' AND LOGIN = true");
    }

    @Test
    void otherStatementsAreLeftAsTheyAre() {
        String select = "SELECT * FROM ks.t WHERE k = 'password'";
        assertThat(StatementText.redacted(select)).isEqualTo(select);
        assertThat(StatementText.redacted("INSERT INTO ks.t (k, v) VALUES (1, 'x')"))
                .isEqualTo("INSERT INTO ks.t (k, v) VALUES (1, 'x')");
    }
}
