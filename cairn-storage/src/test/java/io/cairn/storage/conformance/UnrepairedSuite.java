package io.cairn.storage.conformance;

import io.cairn.storage.PartitionKey;
import io.cairn.storage.RepairedRanges;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.TableWrite;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UnrepairedPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.cairn.storage.conformance.Keys.clustering;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partitions written since their last repair: listed for every write path, cleared only up to
 * the high water a repair took (a later write stays listed), kept across a restart, forgotten with
 * their table.
 */
public abstract class UnrepairedSuite extends ConformanceSuite {

    private static final PartitionKey P3 = Keys.partition(300, "p3");
    private static final TableId OTHER = new TableId("shop", "other");

    @BeforeEach
    void tracked() {
        engine().alterTable(TABLE, TableOptions.DEFAULTS.withTracksUnrepaired(true));
    }

    private List<PartitionKey> listed(StorageEngine engine, TokenRange range) {
        List<PartitionKey> all = new ArrayList<>();
        PartitionKey resume = null;
        do {
            UnrepairedPage page = engine.unrepaired(TABLE, range, resume, 2);
            assertThat(page.partitions().size()).isLessThanOrEqualTo(2);
            all.addAll(page.partitions());
            resume = page.resumeAfter();
        } while (resume != null);
        return all;
    }

    @Test
    void everyWritePathListsItsPartitionsOnceInTokenOrder() {
        apply(insert(P2, clustering(1), 10, "a", "x"));
        engine().apply(TABLE, List.of(insert(P1, clustering(1), 10, "a", "x"), insert(P2, clustering(2), 10, "a", "y")));
        engine().applySynced(List.of(new TableWrite(TABLE, insert(P3, clustering(1), 10, "a", "z"))));

        assertThat(listed(engine(), TokenRange.FULL)).containsExactly(P1, P2, P3);
        assertThat(listed(engine(), TokenRange.openClosed(100, 200))).containsExactly(P2);
        assertThat(listed(engine(), new TokenRange(100, true, 200, false))).containsExactly(P1);
    }

    @Test
    void aTableThatDoesNotTrackListsNothing() {
        engine().createTable(OTHER, TableOptions.DEFAULTS);
        engine().apply(OTHER, insert(P1, clustering(1), 10, "a", "x"));

        assertThat(engine().unrepaired(OTHER, TokenRange.FULL, null, 10).partitions()).isEmpty();
    }

    @Test
    void clearingStopsAtTheHighWaterAndInItsRangeSoALaterWriteStaysListed() {
        apply(insert(P1, clustering(1), 10, "a", "x"));
        apply(insert(P2, clustering(1), 10, "a", "x"));
        long highWater = engine().unrepairedHighWater();
        apply(insert(P2, clustering(2), 20, "a", "y"));   // after the high water: compared next time
        apply(insert(P3, clustering(1), 10, "a", "x"));

        long cleared = engine().clearUnrepaired(TABLE, TokenRange.openClosed(0, 250), highWater);

        assertThat(cleared).isEqualTo(1);
        assertThat(listed(engine(), TokenRange.FULL)).containsExactly(P2, P3);
        assertThat(engine().clearUnrepaired(TABLE, TokenRange.FULL, engine().unrepairedHighWater())).isEqualTo(2);
        assertThat(listed(engine(), TokenRange.FULL)).isEmpty();
    }

    @Test
    void theRingsFirstAndLastTokensAndMoreEntriesThanOneClearingBatchAreListedAndCleared() {
        PartitionKey first = Keys.partition(Long.MIN_VALUE, "first");
        PartitionKey last = Keys.partition(Long.MAX_VALUE, "last");
        apply(insert(first, clustering(1), 10, "a", "x"));
        apply(insert(last, clustering(1), 10, "a", "x"));
        for (int i = 0; i < 3_000; i++) {
            apply(insert(Keys.partition(1_000 + i, "k" + i), clustering(1), 10, "a", "x"));
        }

        assertThat(engine().unrepaired(TABLE, new TokenRange(Long.MIN_VALUE, true, Long.MIN_VALUE, true), null, 10)
                .partitions()).containsExactly(first);
        assertThat(engine().unrepaired(TABLE, TokenRange.openClosed(Long.MAX_VALUE - 1, Long.MAX_VALUE), null, 10)
                .partitions()).containsExactly(last);
        assertThat(engine().clearUnrepaired(TABLE, TokenRange.FULL, engine().unrepairedHighWater()))
                .isEqualTo(3_002);
        assertThat(engine().unrepaired(TABLE, TokenRange.FULL, null, 10).partitions()).isEmpty();
    }

    @Test
    void theListAndTheSequenceOutliveARestart() {
        apply(insert(P1, clustering(1), 10, "a", "x"));
        long before = engine().unrepairedHighWater();

        StorageEngine reopened = fixture.reopen();
        assertThat(listed(reopened, TokenRange.FULL)).containsExactly(P1);
        reopened.apply(TABLE, insert(P2, clustering(1), 10, "a", "x"));
        // A number handed out after the restart is above every one before it: clearing up to
        // the old high water leaves the new write listed.
        assertThat(reopened.unrepairedHighWater()).isGreaterThan(before);
        reopened.clearUnrepaired(TABLE, TokenRange.FULL, before);
        assertThat(listed(reopened, TokenRange.FULL)).containsExactly(P2);
    }

    @Test
    void aDroppedTableForgetsItsListAndOneCreatedUnderItsNameStartsEmpty() {
        apply(insert(P1, clustering(1), 10, "a", "x"));
        engine().dropTable(TABLE);
        engine().createTable(TABLE, TableOptions.DEFAULTS.withTracksUnrepaired(true));

        assertThat(listed(engine(), TokenRange.FULL)).isEmpty();
    }

    @Test
    void aTableThatStartsTrackingForgetsItsRepairedRanges() {
        engine().createTable(OTHER, TableOptions.DEFAULTS);
        engine().markRepaired(OTHER, TokenRange.FULL, 1_000);
        engine().alterTable(OTHER, TableOptions.DEFAULTS.withTracksUnrepaired(true));

        assertThat(engine().repaired(OTHER)).isEqualTo(RepairedRanges.NONE);
        assertThat(engine().options(OTHER).tracksUnrepaired()).isTrue();
        engine().markRepaired(OTHER, TokenRange.FULL, 2_000);
        engine().alterTable(OTHER, new TableOptions(60).withTracksUnrepaired(true));
        assertThat(engine().repaired(OTHER).repairedAt(0)).as("already tracking: kept").isEqualTo(2_000);
    }
}
