package io.cairn.node.repair;

import io.cairn.storage.TableId;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a node's repairs did since it started, table by table (an operator's and automatic ones
 * alike), and the operator's repair under way: what {@code system_views.repairs} and
 * {@code cairn admin repair --status} show.
 */
public final class RepairStats {

    /** A table's repairs: the pieces repaired and what that took, and the pieces that failed. */
    public record TableStats(Repair.Result repaired, long failures) {
    }

    /** An operator's repair under way: what it repairs, since when, and how far it got. */
    public record Running(String what, long startedMillis, int pieces, int piecesDone, Repair.Result soFar) {
    }

    private final Map<TableId, TableStats> tables = new ConcurrentHashMap<>();
    private volatile Running running;
    private volatile String lastOutcome;

    /** A piece of {@code table} was repaired. */
    void repaired(TableId table, Repair.Result result) {
        tables.merge(table, new TableStats(result, 0),
                (before, more) -> new TableStats(before.repaired().plus(more.repaired()), before.failures()));
    }

    /** A repair of a piece of {@code table} failed. */
    void failed(TableId table) {
        tables.merge(table, new TableStats(Repair.Result.NONE, 1),
                (before, more) -> new TableStats(before.repaired(), before.failures() + 1));
    }

    /** An operator's repair of {@code what} starts. */
    public synchronized void started(String what, long nowMillis) {
        running = new Running(what, nowMillis, 0, 0, Repair.Result.NONE);
    }

    /** The operator's repair plans {@code pieces} more pieces. */
    synchronized void planned(int pieces) {
        Running now = running;
        if (now != null) {
            running = new Running(now.what(), now.startedMillis(), now.pieces() + pieces, now.piecesDone(),
                    now.soFar());
        }
    }

    /** The operator's repair did one more piece. */
    synchronized void progressed(Repair.Result piece) {
        Running now = running;
        if (now != null) {
            running = new Running(now.what(), now.startedMillis(), now.pieces(), now.piecesDone() + 1,
                    now.soFar().plus(piece));
        }
    }

    /** The operator's repair ended, as {@code outcome} says. */
    public synchronized void finished(String outcome) {
        running = null;
        lastOutcome = outcome;
    }

    public Map<TableId, TableStats> tables() {
        return Map.copyOf(tables);
    }

    /** The operator's repair under way, or null. */
    public Running running() {
        return running;
    }

    /** How the last operator's repair ended, or null. */
    public String lastOutcome() {
        return lastOutcome;
    }
}
