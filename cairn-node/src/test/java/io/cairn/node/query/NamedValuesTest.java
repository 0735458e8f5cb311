package io.cairn.node.query;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values bound by name ("with names for values") to named and positional markers, as Cassandra binds them. */
class NamedValuesTest {

    private NodeFixture node;

    @BeforeEach
    void createTables() {
        node = new NodeFixture();
        node.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        node.execute("CREATE TABLE ks.t (key int PRIMARY KEY, name text)");
        node.execute("CREATE TABLE ks.u (k int, c int, v int, PRIMARY KEY (k, c))");
    }

    @AfterEach
    void close() {
        node.close();
    }

    private static QueryOptions named(Object... namesAndValues) {
        List<String> names = new ArrayList<>();
        List<ByteBuffer> values = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            names.add((String) namesAndValues[i]);
            Object value = namesAndValues[i + 1];
            values.add(value instanceof Integer number ? NativeType.INT.decompose(number)
                    : NativeType.TEXT.decompose((String) value));
        }
        return new QueryOptions(ConsistencyLevel.ONE, values, names, 0, null, QueryOptions.NO_TIMESTAMP, null,
                ConsistencyLevel.SERIAL);
    }

    private QueryResult query(String cql, QueryOptions options) {
        return Await.result(node.processor.execute(cql, options, node.session));
    }

    private QueryResult executePrepared(String cql, QueryOptions options) {
        PreparedStatement prepared = node.processor.prepare(cql, node.session, null);
        return Await.result(node.processor.execute(prepared.id(), options, node.session));
    }

    @Test
    void namedMarkersAreBoundByTheirNamesInAnyOrder() {
        query("INSERT INTO ks.t (key, name) VALUES (:key, :nm)", named("key", 1, "nm", "one"));
        executePrepared("INSERT INTO ks.t (key, name) VALUES (:key, :nm)", named("nm", "two", "key", 2));
        assertThat(node.rows("SELECT key, name FROM ks.t WHERE key IN (1, 2)"))
                .containsExactly(List.of("1", "'one'"), List.of("2", "'two'"));
    }

    @Test
    void positionalMarkersAreBoundByTheirColumnsNames() {
        executePrepared("INSERT INTO ks.t (key, name) VALUES (?, ?)", named("name", "seven", "key", 7));
        assertThat(node.rows("SELECT name FROM ks.t WHERE key = 7")).containsExactly(List.of("'seven'"));
    }

    @Test
    void aNameWrittenTwiceBindsOneValueToBothMarkers() {
        executePrepared("INSERT INTO ks.u (k, c, v) VALUES (:x, :x, :v)", named("x", 8, "v", 80));
        assertThat(node.rows("SELECT k, c, v FROM ks.u WHERE k = 8")).containsExactly(List.of("8", "8", "80"));
        QueryResult.Rows rows = (QueryResult.Rows) query("SELECT v FROM ks.u WHERE k = :x AND c = :x", named("x", 8));
        assertThat(NodeFixture.render(rows)).containsExactly(List.of("80"));
    }

    @Test
    void aMarkerInAMultiColumnRelationIsBoundByItsName() {
        for (int c = 1; c <= 3; c++) {
            node.execute("INSERT INTO ks.u (k, c, v) VALUES (1, " + c + ", " + (10 * c) + ")");
        }
        QueryResult.Rows rows = (QueryResult.Rows) executePrepared("SELECT v FROM ks.u WHERE k = :k AND (c) > (:lo)",
                named("lo", 1, "k", 1));
        assertThat(NodeFixture.render(rows)).containsExactly(List.of("20"), List.of("30"));
    }

    @Test
    void theFirstValueOfARepeatedNameIsBoundAndUnknownNamesAreIgnored() {
        query("INSERT INTO ks.t (key, name) VALUES (:key, :nm)", named("key", 5, "nm", "a", "nm", "b", "zz", "c"));
        assertThat(node.rows("SELECT name FROM ks.t WHERE key = 5")).containsExactly(List.of("'a'"));
    }

    @Test
    void namesAreMatchedExactlyAsTheMarkersCanonicalNames() {
        node.execute("INSERT INTO ks.t (key, name) VALUES (1, 'one')");
        assertThat(NodeFixture.render((QueryResult.Rows) query("SELECT name FROM ks.t WHERE key = :\"Quoted\"",
                named("Quoted", 1)))).containsExactly(List.of("'one'"));
        assertThat(NodeFixture.render((QueryResult.Rows) query("SELECT name FROM ks.t WHERE key = :Quoted",
                named("quoted", 1)))).containsExactly(List.of("'one'"));
        assertThatThrownBy(() -> query("SELECT name FROM ks.t WHERE key = :Quoted", named("Quoted", 1)))
                .isInstanceOf(CqlException.class).hasMessage("Invalid amount of bind variables");
    }

    @Test
    void aMissingNamedValueIsRefusedAsCassandraRefusesIt() {
        String insert = "INSERT INTO ks.t (key, name) VALUES (:key, :nm)";
        assertThatThrownBy(() -> query(insert, named("key", 3)))
                .isInstanceOf(CqlException.class).hasMessage("Invalid amount of bind variables");
        assertThatThrownBy(() -> executePrepared(insert, named("key", 3)))
                .isInstanceOf(CqlException.class).hasMessage("there were 2 markers(?) in CQL but 1 bound variables");
        assertThatThrownBy(() -> executePrepared(insert, named("KEY", 3, "nm", "x")))
                .isInstanceOf(CqlException.class).hasMessage("there were 2 markers(?) in CQL but 1 bound variables");
        assertThat(node.rows("SELECT * FROM ks.t")).isEmpty();
    }

    @Test
    void aPreparedBatchWithABoundTimestampWritesAtThatTimestamp() {
        String batch = "BEGIN BATCH USING TIMESTAMP ? INSERT INTO ks.t (key, name) VALUES (?, ?); APPLY BATCH";
        PreparedStatement prepared = node.processor.prepare(batch, node.session, null);
        assertThat(prepared.variables()).extracting(ResultColumn::name).containsExactly("[timestamp]", "key", "name");
        assertThat(prepared.variables().get(0).table()).isEqualTo("[batch]");
        Await.result(node.processor.execute(prepared.id(), QueryOptions.of(NativeType.BIGINT.decompose(1234L),
                NativeType.INT.decompose(4), NativeType.TEXT.decompose("four")), node.session));
        assertThat(node.rows("SELECT name, writetime(name) FROM ks.t WHERE key = 4"))
                .containsExactly(List.of("'four'", "1234"));
    }
}
