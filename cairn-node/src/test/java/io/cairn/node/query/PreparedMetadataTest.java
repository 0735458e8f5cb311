package io.cairn.node.query;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What PREPARE tells a driver about a statement's bind variables: their names (a named
 * marker's own name, else its receiver's) and which of them give the partition key, for
 * token-aware routing. The expected values are what Apache Cassandra 5.0 answered for the
 * same statements over the same tables.
 */
class PreparedMetadataTest {

    private static NodeFixture node;

    @BeforeAll
    static void createTables() {
        node = new NodeFixture();
        node.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        node.execute("CREATE TABLE ks.t (key int PRIMARY KEY, name text)");
        node.execute("CREATE TABLE ks.c (p1 int, p2 text, c int, v int, PRIMARY KEY ((p1, p2), c))");
        node.execute("CREATE TABLE ks.u (k int, c int, v int, PRIMARY KEY (k, c))");
    }

    @AfterAll
    static void close() {
        node.close();
    }

    static Stream<Arguments> statements() {
        return Stream.of(
                arguments("INSERT INTO ks.t (key, name) VALUES (:key, :nm)", "key nm", List.of(0)),
                arguments("INSERT INTO ks.t (key, name) VALUES (?, ?)", "key name", List.of(0)),
                arguments("INSERT INTO ks.t (name, key) VALUES (?, ?)", "name key", List.of(1)),
                arguments("SELECT * FROM ks.t WHERE key = :k", "k", List.of(0)),
                arguments("SELECT * FROM ks.t WHERE key = :\"Quoted\"", "Quoted", List.of(0)),
                arguments("SELECT * FROM ks.t WHERE key IN (?, ?)", "key key", List.of(1)),
                arguments("SELECT * FROM ks.t WHERE key IN ?", "in(key)", List.of()),
                arguments("SELECT * FROM ks.t WHERE key IN :ks", "ks", List.of()),
                arguments("SELECT * FROM ks.t WHERE token(key) = token(?)", "arg0(system.token)", List.of()),
                arguments("SELECT * FROM ks.t WHERE token(key) > ? AND token(key) <= ?",
                        "partition key token|partition key token", List.of()),
                arguments("SELECT * FROM ks.t WHERE token(key) > :a", "a", List.of()),
                arguments("SELECT * FROM ks.t WHERE key = blobAsInt(?)", "arg0(system.blobasint)", List.of()),
                arguments("SELECT * FROM ks.t WHERE key = 1", "", List.of()),
                arguments("SELECT key, name FROM ks.t WHERE key = ? LIMIT :lim", "key lim", List.of(0)),
                arguments("SELECT * FROM ks.c WHERE p2 = ? AND p1 = ?", "p2 p1", List.of(1, 0)),
                arguments("SELECT * FROM ks.c WHERE p2 = :b AND p1 = :a AND c = :c", "b a c", List.of(1, 0)),
                arguments("SELECT * FROM ks.c WHERE p1 = ? AND p2 = ? AND c IN (?, ?)", "p1 p2 c c", List.of(0, 1)),
                arguments("SELECT * FROM ks.c WHERE p1 IN (?, ?) AND p2 = ?", "p1 p1 p2", List.of(1, 2)),
                arguments("SELECT * FROM ks.c WHERE p1 = 1 AND p2 = ?", "p2", List.of()),
                arguments("SELECT * FROM ks.c WHERE p1 = ? AND p2 = ? AND c > ? LIMIT ?", "p1 p2 c [limit]",
                        List.of(0, 1)),
                arguments("INSERT INTO ks.c (v, c, p2, p1) VALUES (?, ?, ?, ?) USING TTL ? AND TIMESTAMP ?",
                        "v c p2 p1 [ttl] [timestamp]", List.of(3, 2)),
                arguments("UPDATE ks.c USING TTL :ttl SET v = :v WHERE p2 = :p2 AND p1 = :p1 AND c = :c",
                        "ttl v p2 p1 c", List.of(3, 2)),
                arguments("DELETE FROM ks.c WHERE p2 = ? AND p1 = ?", "p2 p1", List.of(1, 0)),
                arguments("SELECT * FROM ks.u WHERE k = :x AND c = :x", "x x", List.of(0)),
                arguments("SELECT * FROM ks.u WHERE k = :x AND c > :y AND c < :y", "x y y", List.of(0)),
                arguments("INSERT INTO ks.u (k, c, v) VALUES (:x, :x, :v)", "x x v", List.of(0)),
                arguments("SELECT * FROM ks.u WHERE k = ? AND (c) = (?)", "k c", List.of(0)),
                arguments("SELECT * FROM ks.u WHERE k = ? AND (c) > (:lo)", "k lo", List.of(0)),
                arguments("SELECT * FROM ks.u WHERE k = ? AND (c) = ?", "k (c)", List.of(0)),
                arguments("BEGIN BATCH INSERT INTO ks.t (key, name) VALUES (?, ?); "
                        + "INSERT INTO ks.t (key, name) VALUES (?, ?); APPLY BATCH", "key name key name", List.of(2)),
                arguments("BEGIN BATCH INSERT INTO ks.t (key, name) VALUES (:k, :n); "
                        + "UPDATE ks.t SET name = :n2 WHERE key = :k; APPLY BATCH", "k n n2 k", List.of(3)),
                arguments("BEGIN BATCH INSERT INTO ks.t (key, name) VALUES (1, ?); "
                        + "INSERT INTO ks.t (key, name) VALUES (?, ?); APPLY BATCH", "name key name", List.of(1)),
                arguments("BEGIN BATCH INSERT INTO ks.c (p1, p2, c, v) VALUES (?, ?, ?, ?); "
                        + "UPDATE ks.c SET v = ? WHERE p2 = ? AND p1 = ? AND c = ?; APPLY BATCH",
                        "p1 p2 c v v p2 p1 c", List.of(6, 5)),
                arguments("BEGIN BATCH INSERT INTO ks.t (key, name) VALUES (?, ?); "
                        + "INSERT INTO ks.u (k, c, v) VALUES (?, ?, ?); APPLY BATCH", "key name k c v", List.of()),
                arguments("BEGIN BATCH USING TIMESTAMP ? INSERT INTO ks.t (key, name) VALUES (?, ?); APPLY BATCH",
                        "[timestamp] key name", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void preparedMetadataNamesTheVariablesAndThePartitionKeyAsCassandraDoes(String query, String names,
                                                                            List<Integer> partitionKeyIndexes) {
        PreparedStatement prepared = node.processor.prepare(query, node.session, null);
        String separator = names.contains("|") ? "|" : " ";
        assertThat(String.join(separator, prepared.variables().stream().map(ResultColumn::name).toList()))
                .isEqualTo(names);
        assertThat(prepared.partitionKeyIndexes()).isEqualTo(partitionKeyIndexes);
    }
}
