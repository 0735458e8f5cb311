package io.cairn.cql.parser;

import io.cairn.cql.ast.InsertStatement;
import io.cairn.cql.ast.Relation;
import io.cairn.cql.ast.SelectStatement;
import io.cairn.cql.ast.Term;
import io.cairn.cql.ast.UpdateStatement;
import io.cairn.cql.ast.UsingClause;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cairn.cql.parser.Parsing.parsed;
import static org.assertj.core.api.Assertions.assertThat;

/** Bind markers are numbered as Cassandra numbers them, which PREPARE's metadata relies on. */
class BindMarkerNumberingTest {

    private static List<Term.BindMarker> markers(String cql) {
        return parsed(cql).bindMarkers();
    }

    private static Term.BindMarker positional(int index) {
        return Term.BindMarker.positional(index);
    }

    private static Term.BindMarker named(int index, String name) {
        return Term.BindMarker.named(index, name);
    }

    @Test
    void aStatementWithoutMarkersBindsNothing() {
        assertThat(parsed("SELECT * FROM t WHERE k = 1").bindMarkerCount()).isZero();
    }

    @Test
    void positionalMarkersAreNumberedInOrderOfAppearance() {
        ParsedStatement parsed = parsed("INSERT INTO t (a, b, c) VALUES (?, ?, ?)");
        assertThat(parsed.bindMarkers()).containsExactly(positional(0), positional(1), positional(2));
        assertThat(parsed.bindMarkerCount()).isEqualTo(3);
        assertThat(((InsertStatement) parsed.statement()).values())
                .containsExactly(positional(0), positional(1), positional(2));
    }

    @Test
    void namedMarkersKeepTheirNamesAndShareTheNumbering() {
        assertThat(markers("SELECT * FROM t WHERE a = :a AND b = ? AND c = :c"))
                .containsExactly(named(0, "a"), positional(1), named(2, "c"));
    }

    @Test
    void aNameUsedTwiceGivesTwoMarkers() {
        assertThat(markers("SELECT * FROM t WHERE a > :v AND a < :v")).containsExactly(named(0, "v"), named(1, "v"));
    }

    @Test
    void inMarkerIsOneMarker() {
        ParsedStatement parsed = parsed("SELECT * FROM t WHERE k IN ? AND c = ?");
        assertThat(parsed.bindMarkers()).containsExactly(positional(0), positional(1));
        assertThat(((SelectStatement) parsed.statement()).where().get(0))
                .isEqualTo(new Relation.InMarker("k", positional(0)));
        assertThat(markers("SELECT * FROM t WHERE k IN (?, ?, :x)"))
                .containsExactly(positional(0), positional(1), named(2, "x"));
    }

    @Test
    void usingMarkersCountWhereTheyAreWritten() {
        ParsedStatement insert = parsed("INSERT INTO t (k, v) VALUES (?, ?) USING TTL ? AND TIMESTAMP ?");
        assertThat(insert.bindMarkerCount()).isEqualTo(4);
        assertThat(((InsertStatement) insert.statement()).using())
                .isEqualTo(new UsingClause(positional(3), positional(2)));

        ParsedStatement update = parsed("UPDATE t USING TTL ? SET v = ? WHERE k = ?");
        UpdateStatement statement = (UpdateStatement) update.statement();
        assertThat(statement.using().ttl()).isEqualTo(positional(0));
        assertThat(update.bindMarkerCount()).isEqualTo(3);
    }

    @Test
    void limitMarkersCount() {
        ParsedStatement parsed = parsed("SELECT * FROM t WHERE k = ? PER PARTITION LIMIT ? LIMIT ?");
        SelectStatement select = (SelectStatement) parsed.statement();
        assertThat(select.perPartitionLimit()).isEqualTo(positional(1));
        assertThat(select.limit()).isEqualTo(positional(2));
    }

    @Test
    void markersInSelectorsComeBeforeThoseInWhere() {
        assertThat(markers("SELECT f(?), (int) :x FROM t WHERE k = ? ORDER BY v ANN OF ? LIMIT ?"))
                .containsExactly(positional(0), named(1, "x"), positional(2), positional(3), positional(4));
    }

    @Test
    void markersInAssignmentsKeysAndConditionsFollowTheText() {
        assertThat(markers("UPDATE t SET m[?] = ?, l = ? + l, c = c + ? WHERE k = ? AND (a, b) > (?, ?) IF v IN ? "
                + "AND m[?] = ?")).extracting(Term.BindMarker::index)
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void deleteMarkersInTargetsComeFirst() {
        assertThat(markers("DELETE m[?] FROM t USING TIMESTAMP ? WHERE k = ? IF EXISTS"))
                .containsExactly(positional(0), positional(1), positional(2));
    }

    @Test
    void jsonDocumentMarkerCounts() {
        assertThat(markers("INSERT INTO t JSON ? USING TTL :ttl")).containsExactly(positional(0), named(1, "ttl"));
    }

    @Test
    void markersNestedInLiteralsAndCallsCount() {
        assertThat(markers("INSERT INTO t (a, b, c) VALUES ([?, ?], {?: ?}, f(?, (?, ?)))"))
                .extracting(Term.BindMarker::index).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }
}
