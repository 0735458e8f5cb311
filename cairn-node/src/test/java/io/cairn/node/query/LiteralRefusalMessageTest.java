package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Constants that are no value of their column's type are refused with Cassandra 5.0.9's messages. */
class LiteralRefusalMessageTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = new NodeFixture();
        node.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        node.execute("USE ks");
        node.execute("CREATE TABLE n (k int PRIMARY KEY, a ascii, i int, b bigint, sm smallint, ty tinyint, "
                + "bl blob, tu timeuuid, ip inet)");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void refused(String column, String literal, String message) {
        assertThatThrownBy(() -> node.execute("INSERT INTO n (k, " + column + ") VALUES (1, " + literal + ")"))
                .as(literal).isInstanceOf(CqlException.class).hasMessage(message)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(ErrorCode.INVALID));
    }

    @Test
    void numbersOutOfRangeNameTheJavaTypeCassandraParsesThemAs() {
        refused("sm", "32768", "Unable to make short from '32768'");
        refused("ty", "128", "Unable to make byte from '128'");
        refused("b", "9223372036854775808", "Unable to make long from '9223372036854775808'");
        refused("i", "2147483648", "Unable to make int from '2147483648'");
    }

    @Test
    void otherRefusedConstantsGiveCassandrasMessages() {
        refused("a", "'not ascii: \u00e9'", "Invalid ASCII character in string literal: "
                + "java.nio.charset.UnmappableCharacterException: Input length = 1");
        refused("a", "'x\ud83d\ude00'", "Invalid ASCII character in string literal: "
                + "java.nio.charset.UnmappableCharacterException: Input length = 2");
        refused("ip", "'256.0.0.1'", "Unable to make inet address from '256.0.0.1'");
        refused("tu", "123e4567-e89b-42d3-a456-426614174000", "TimeUUID supports only version 1 UUIDs");
        refused("bl", "0xabc", "cannot parse 'abc' as hex bytes");
    }
}
