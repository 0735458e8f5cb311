package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random text and randomly mutated valid statements, executed end to end (parse, analysis,
 * execution): every failure is a CqlException of a client-facing kind, never an internal
 * error, a stack overflow or a hang; and the node still answers afterwards.
 */
class StatementFuzzTest {

    private static final long SEED = 20261125L;
    private static final Set<io.cairn.cql.error.ErrorCode> CLIENT_ERRORS = EnumSet.of(
            io.cairn.cql.error.ErrorCode.SYNTAX_ERROR, io.cairn.cql.error.ErrorCode.INVALID,
            io.cairn.cql.error.ErrorCode.ALREADY_EXISTS, io.cairn.cql.error.ErrorCode.CONFIG_ERROR,
            io.cairn.cql.error.ErrorCode.UNAUTHORIZED, io.cairn.cql.error.ErrorCode.PROTOCOL_ERROR);

    private static final List<String> VALID = List.of(
            "SELECT * FROM t WHERE k = 1",
            "SELECT k, c, v, writetime(v), ttl(v) FROM t WHERE k IN (1, 2) AND c > 3 ORDER BY c DESC LIMIT 5",
            "SELECT count(*), max(c), token(k) FROM t WHERE token(k) > -100 ALLOW FILTERING",
            "SELECT DISTINCT k FROM t",
            "SELECT * FROM t WHERE k = 1 AND (c, d) >= (1, 'a') PER PARTITION LIMIT 2",
            "INSERT INTO t (k, c, d, v, l, m, s) VALUES (1, 2, 'x', 3.5, [1, 2], {'a': 1}, {'z'}) USING TTL 10",
            "UPDATE t USING TIMESTAMP 5 SET v = 1.0, l = l + [3], m['b'] = 2, s = s - {'z'} WHERE k = 1 AND c = 2 "
                    + "AND d = 'x'",
            "DELETE v, m['a'] FROM t WHERE k = 1 AND c = 2 AND d = 'x'",
            "DELETE FROM t WHERE k = 1 AND c > 2",
            "BEGIN BATCH INSERT INTO t (k, c, d) VALUES (1, 1, 'a'); DELETE FROM t WHERE k = 2; APPLY BATCH",
            "CREATE TABLE IF NOT EXISTS t2 (a int, b frozen<list<tuple<int, text>>>, c map<text, frozen<set<int>>>, "
                    + "PRIMARY KEY ((a), b)) WITH CLUSTERING ORDER BY (b DESC) AND comment = 'x'",
            "ALTER TABLE t ADD extra text",
            "CREATE TYPE IF NOT EXISTS addr (street text, no int)",
            "SELECT toTimestamp(now()), CAST(c AS text), blobAsInt(intAsBlob(c)) FROM t WHERE k = 1",
            "TRUNCATE t");

    private static final String ALPHABET = "abcdkvlmst0123456789 ,;()[]{}<>='\"?:.-+*/$%!_\n\tSELECTFROMWHEREIN";

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int, c int, d text, v double, l list<int>, m map<text, int>, s set<text>, "
                + "PRIMARY KEY (k, c, d))");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void validStatementsRunAsTheyAre() {
        for (String statement : VALID) {
            node.execute(statement);
        }
    }

    @Test
    void mutatedStatementsFailOnlyWithClientErrors() {
        Random random = new Random(SEED);
        int failures = 0;
        for (int i = 0; i < 4_000; i++) {
            String statement = mutate(VALID.get(random.nextInt(VALID.size())), random);
            failures += runExpectingOnlyClientErrors(statement, random);
        }
        assertThat(failures).isPositive();
        assertThat(node.rows("SELECT count(*) FROM system_schema.keyspaces WHERE keyspace_name = 'ks'"))
                .containsExactly(List.of("1"));
    }

    @Test
    void randomTextFailsOnlyWithClientErrors() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 3_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(120);
            for (int j = 0; j < length; j++) {
                text.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x3000)
                        : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            runExpectingOnlyClientErrors(text.toString(), random);
        }
    }

    @Test
    void deepNestingAndHugeStatementsAreRefusedClearly() {
        String deep = "SELECT * FROM t WHERE k = " + "(".repeat(10_000) + "1" + ")".repeat(10_000);
        assertClientError(deep);
        String huge = "SELECT * FROM t WHERE k IN (" + "1, ".repeat(400_000) + "1)";
        assertClientError(huge);
        String deepType = "CREATE TABLE deep (k int PRIMARY KEY, v " + "frozen<list<".repeat(200) + "int"
                + ">>".repeat(200) + ")";
        assertClientError(deepType);
    }

    private void assertClientError(String statement) {
        try {
            node.execute(statement);
            fail("expected an error for a statement of " + statement.length() + " characters");
        } catch (CqlException e) {
            assertThat(CLIENT_ERRORS).contains(e.code());
        }
    }

    /** Runs a statement with random bound values; returns 1 when it failed (with a client error). */
    private int runExpectingOnlyClientErrors(String statement, Random random) {
        List<ByteBuffer> values = new ArrayList<>();
        long markers = statement.chars().filter(ch -> ch == '?').count();
        for (int m = 0; m < markers; m++) {
            values.add(random.nextBoolean() ? NativeType.INT.decompose(random.nextInt(5)) : ByteBuffer.wrap(
                    new byte[random.nextInt(9)]));
        }
        try {
            Await.result(node.processor.execute(statement, QueryOptions.DEFAULT.withValues(values), node.session));
            return 0;
        } catch (CqlException e) {
            if (!CLIENT_ERRORS.contains(e.code())) {
                throw new AssertionError("Statement <" + statement + "> failed with " + e.code(), e);
            }
            return 1;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("Statement <" + statement + "> escaped with " + e, e);
        }
    }

    private static String mutate(String statement, Random random) {
        StringBuilder text = new StringBuilder(statement);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && text.length() > 0; e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(6)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 3 -> text.insert(at, "?");
                case 4 -> {
                    int end = Math.min(text.length(), at + random.nextInt(12));
                    String piece = text.substring(at, end);
                    text.insert(random.nextInt(text.length()), piece);
                }
                default -> text.replace(at, Math.min(text.length(), at + 3),
                        List.of("null", "-1", "999999999999999999999", "'x'", "0x", "NaN", "1.5e400", "[]", "{}")
                                .get(random.nextInt(9)));
            }
        }
        return text.toString();
    }
}
