package io.cairn.tools;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Clients incrementing counters {@code k = 0 .. keys - 1} (an int column {@code v}) by
 * compare-and-set, each with synchronous statements on its own thread, and what the driver said of
 * every transaction. A client takes the keys in turn; it reads a key at SERIAL when it does not
 * know its value (first use, not applied, or an error), then sends
 * {@code UPDATE ... SET v = old + 1 WHERE k = ? IF v = old}.
 *
 * <p>An applied transaction counts for its key; one that the driver failed with an unknown
 * outcome (a WRITE_TIMEOUT, the client's own timeout, a connection lost with the request sent)
 * may or may not have been applied and counts as unknown; UNAVAILABLE is refused before anything
 * is proposed and counts as not applied.
 */
final class CasIncrements {

    private static final int MAX_REPORTED = 20;

    /**
     * What the clients saw, per key where it is an array.
     *
     * @param applied     transactions the driver reported applied
     * @param unknown     transactions that failed with an unknown outcome
     * @param notApplied  transactions that found another value (all keys)
     * @param unavailable transactions refused as UNAVAILABLE (all keys)
     * @param failedReads reads at SERIAL that failed (all keys)
     * @param errors      the unknown outcomes by kind of error (all keys)
     * @param repeated    "key/old" pairs two applied transactions both started from (must be none)
     * @param unexpected  wrong answers and errors no client should see, the first few of them
     */
    record Outcome(long[] applied, long[] unknown, long notApplied, long unavailable, long failedReads,
                   Map<String, Long> errors,
                   List<String> repeated, List<String> unexpected) {

        long appliedTotal() {
            long total = 0;
            for (long count : applied) {
                total += count;
            }
            return total;
        }

        @Override
        public String toString() {
            return "applied " + java.util.Arrays.toString(applied) + ", unknown " + java.util.Arrays.toString(unknown)
                    + " " + errors + ", not applied " + notApplied + ", unavailable " + unavailable
                    + ", failed SERIAL reads " + failedReads + ", unexpected " + unexpected;
        }
    }

    private final CqlSession session;
    private final int keys;
    private final PreparedStatement cas;
    private final PreparedStatement read;
    private final AtomicLongArray applied;
    private final AtomicLongArray unknown;
    private final AtomicLongArray counts = new AtomicLongArray(3);   // not applied, unavailable, failed SERIAL reads
    private final Map<String, Long> errors = new ConcurrentHashMap<>();
    private final Set<String> appliedFrom = ConcurrentHashMap.newKeySet();
    private final Set<String> unknownFrom = ConcurrentHashMap.newKeySet();
    private final List<String> repeated = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    CasIncrements(CqlSession session, String table, int keys) {
        this.session = session;
        this.keys = keys;
        this.cas = session.prepare("UPDATE " + table + " SET v = ? WHERE k = ? IF v = ?");
        this.read = session.prepare("SELECT v FROM " + table + " WHERE k = ?");
        this.applied = new AtomicLongArray(keys);
        this.unknown = new AtomicLongArray(keys);
    }

    long applied() {
        long total = 0;
        for (int key = 0; key < keys; key++) {
            total += applied.get(key);
        }
        return total;
    }

    /**
     * What is wrong with {@code finalValue} as key {@code key}'s last value, if anything: the
     * counter went from each value below it to the next through exactly one transaction, which
     * the client saw applied or could not learn the outcome of; and no applied transaction
     * started from a value it never got to.
     */
    List<String> historyProblems(int key, int finalValue) {
        List<String> problems = new ArrayList<>();
        for (int v = 0; v < finalValue; v++) {
            if (!appliedFrom.contains(key + "/" + v) && !unknownFrom.contains(key + "/" + v)) {
                problems.add("key " + key + " went from " + v + " to " + (v + 1) + " through no CAS a client sent");
            }
        }
        for (String from : appliedFrom) {
            if (from.startsWith(key + "/") && Integer.parseInt(from.substring(from.indexOf('/') + 1)) >= finalValue) {
                problems.add("key " + key + ": the CAS applied from " + from + " is lost (final value " + finalValue
                        + ")");
            }
        }
        return problems;
    }

    Outcome outcome() {
        long[] appliedByKey = new long[keys];
        long[] unknownByKey = new long[keys];
        for (int key = 0; key < keys; key++) {
            appliedByKey[key] = applied.get(key);
            unknownByKey[key] = unknown.get(key);
        }
        return new Outcome(appliedByKey, unknownByKey, counts.get(0), counts.get(1), counts.get(2),
                new TreeMap<>(errors), List.copyOf(repeated), List.copyOf(unexpected));
    }

    /** One client's loop, from key {@code first % keys} on, until {@code running} turns false. */
    void client(int first, AtomicBoolean running) {
        Integer[] known = new Integer[keys];
        for (int op = first; running.get() && !Thread.currentThread().isInterrupted(); op++) {
            int key = op % keys;
            int old = -1;
            try {
                if (known[key] == null) {
                    known[key] = readSerial(key);
                }
                old = known[key];
                known[key] = null;
                ResultSet result = session.execute(cas.bind(old + 1, key, old));
                if (result.wasApplied()) {
                    applied.incrementAndGet(key);
                    if (!appliedFrom.add(key + "/" + old)) {
                        repeated.add(key + "/" + old);
                    }
                    known[key] = old + 1;
                } else {
                    counts.incrementAndGet(0);
                    Row current = result.one();
                    if (current == null || current.isNull("v") || current.getInt("v") == old) {
                        report("key " + key + ": CAS from " + old + " not applied, but the row it returned says v = "
                                + (current == null ? "(no row)" : current.getObject("v")));
                    }
                }
            } catch (UnavailableException e) {
                counts.incrementAndGet(1);
            } catch (InvalidQueryException | SyntaxError | IllegalStateException e) {
                report("key " + key + ": " + e);
            } catch (SerialReadFailed e) {
                counts.incrementAndGet(2);   // wrote nothing; the key is read again on its next turn
                pause();
            } catch (RuntimeException e) {
                unknown.incrementAndGet(key);   // the CAS may or may not have been applied
                unknownFrom.add(key + "/" + old);
                errors.merge(kind(e), 1L, Long::sum);
                pause();
            }
        }
    }

    /** After a failure, so that a client does not spin while no node answers. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String kind(RuntimeException e) {
        if (e instanceof WriteTimeoutException timeout) {
            // Marked when not of type CAS: a CAS that times out should say so.
            return "WriteTimeout/" + timeout.getWriteType()
                    + (timeout.getWriteType() == DefaultWriteType.CAS ? "" : "!");
        }
        return e.getClass().getSimpleName();
    }

    private int readSerial(int key) {
        try {
            Row row = session.execute(read.bind(key).setConsistencyLevel(DefaultConsistencyLevel.SERIAL)).one();
            if (row == null) {
                throw new IllegalStateException("counter " + key + " has no row");
            }
            return row.getInt("v");
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerialReadFailed(e);
        }
    }

    private void report(String problem) {
        if (unexpected.size() < MAX_REPORTED) {
            unexpected.add(problem);
        }
    }

    /** A read at SERIAL that failed: nothing was written, the client reads again later. */
    private static final class SerialReadFailed extends RuntimeException {
        SerialReadFailed(RuntimeException cause) {
            super(cause);
        }
    }
}
