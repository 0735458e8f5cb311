package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that each loop for a while over "read the counter at SERIAL, then
 * {@code UPDATE ... SET v = old + 1 WHERE k = 0 IF v = old}" on one row, each on its own thread
 * with synchronous statements, counting what the driver says of every compare-and-set. Half of
 * the clients speak protocol v5, where a proposal of unknown fate fails with CAS_WRITE_UNKNOWN,
 * the others v4, where it is a WRITE_TIMEOUT of type CAS.
 */
final class CasCounterRace {

    private static final int MAX_REPORTED = 20;

    /**
     * What the clients saw.
     *
     * @param applied            CAS the driver reported applied
     * @param notApplied         CAS that did not apply (another client got there first)
     * @param unknown            CAS that failed with a WRITE_TIMEOUT of type CAS or with
     *                           CAS_WRITE_UNKNOWN (v5 only): applied or not
     * @param unknownV5          of those, the CAS_WRITE_UNKNOWN answers (to clients speaking v5)
     * @param serialReadTimeouts reads at SERIAL that timed out (and were retried)
     * @param repeatedIncrements old values that two applied CAS both started from (must be none)
     * @param unexpected         any other error or wrong answer, the first few of them
     */
    record Outcome(long applied, long notApplied, long unknown, long unknownV5, long serialReadTimeouts,
                   List<Integer> repeatedIncrements, List<String> unexpected) {
        @Override
        public String toString() {
            return applied + " applied, " + notApplied + " not applied, " + unknown + " unknown outcomes (" + unknownV5 + " on v5), "
                    + serialReadTimeouts + " serial read timeouts, " + unexpected.size() + " unexpected";
        }
    }

    private final List<Client> sessions;
    private final int clients;
    private final long millis;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong notApplied = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong unknownV5 = new AtomicLong();
    private final AtomicLong readTimeouts = new AtomicLong();
    private final Set<Integer> appliedFrom = ConcurrentHashMap.newKeySet();
    private final Set<Integer> unknownFrom = ConcurrentHashMap.newKeySet();
    private final List<Integer> repeated = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    /** A session and its statements; {@code v5} tells which protocol it speaks. */
    private record Client(CqlSession session, boolean v5, PreparedStatement cas, PreparedStatement read) {
    }

    /**
     * Clients of row {@code k = 0} of {@code table} (with an int column {@code v} that exists),
     * alternately through {@code v5} and {@code v4}, sessions speaking those protocol versions.
     */
    CasCounterRace(CqlSession v5, CqlSession v4, String table, int clients, long millis) {
        this.sessions = new ArrayList<>();
        for (CqlSession session : List.of(v5, v4)) {
            sessions.add(new Client(session, session == v5,
                    session.prepare("UPDATE " + table + " SET v = ? WHERE k = 0 IF v = ?"),
                    session.prepare("SELECT v FROM " + table + " WHERE k = 0")));
        }
        this.clients = clients;
        this.millis = millis;
    }

    Outcome run() throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            for (int i = 0; i < clients; i++) {
                Client client = sessions.get(i % sessions.size());
                threads.execute(() -> client(client, end));
            }
        } finally {
            threads.shutdown();
        }
        if (!threads.awaitTermination(millis + 60_000, TimeUnit.MILLISECONDS)) {
            threads.shutdownNow();
            report("clients still running 60 s after the race's end");
        }
        return new Outcome(applied.get(), notApplied.get(), unknown.get(), unknownV5.get(), readTimeouts.get(),
                List.copyOf(repeated), List.copyOf(unexpected));
    }

    /**
     * What is wrong with {@code finalValue} as the counter's last value, if anything: the counter
     * went from each value below it to the next through exactly one transaction, which a client
     * saw applied or could not learn the outcome of (one it was told did not apply cannot be it);
     * and no applied transaction started from a value the counter never got to.
     */
    List<String> historyProblems(int finalValue) {
        List<String> problems = new ArrayList<>();
        for (int v = 0; v < finalValue; v++) {
            if (!appliedFrom.contains(v) && !unknownFrom.contains(v)) {
                problems.add("went from " + v + " to " + (v + 1) + " through no CAS a client saw applied or unknown");
            }
        }
        for (int from : appliedFrom) {
            if (from >= finalValue) {
                problems.add("the CAS applied from " + from + " is lost (final value " + finalValue + ")");
            }
        }
        return problems;
    }

    private void client(Client client, long end) {
        try {
            int expected = readSerial(client);
            while (System.nanoTime() < end) {
                try {
                    ResultSet result = client.session().execute(client.cas().bind(expected + 1, expected));
                    if (result.wasApplied()) {
                        applied.incrementAndGet();
                        if (!appliedFrom.add(expected)) {
                            repeated.add(expected);
                        }
                        expected++;
                        continue;
                    }
                    notApplied.incrementAndGet();
                    Row current = result.one();
                    if (current == null || current.isNull("v") || current.getInt("v") == expected) {
                        report("CAS from " + expected + " not applied, but the row it returned says v = "
                                + (current == null ? "(no row)" : current.getObject("v")));
                    }
                } catch (WriteTimeoutException e) {
                    // Also on v5: a transaction that ran out of time before proposing (contention).
                    if (e.getWriteType() == DefaultWriteType.CAS) {
                        unknown.incrementAndGet();
                        unknownFrom.add(expected);
                    } else {
                        report("CAS from " + expected + (client.v5() ? " (v5): " : " (v4): ") + e);
                    }
                } catch (CASWriteUnknownException e) {
                    if (client.v5()) {
                        unknown.incrementAndGet();
                        unknownV5.incrementAndGet();
                        unknownFrom.add(expected);
                    } else {
                        report("CAS from " + expected + " (v4): " + e);
                    }
                }
                expected = readSerial(client);
            }
        } catch (RuntimeException e) {
            StringBuilder causes = new StringBuilder("client (" + (client.v5() ? "v5" : "v4") + ") stopped: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                causes.append(", caused by ").append(cause);
            }
            report(causes.toString());
        }
    }

    /** The counter read at SERIAL, retrying reads that time out. */
    private int readSerial(Client client) {
        for (int attempt = 1; ; attempt++) {
            try {
                Row row = client.session().execute(client.read().bind()
                        .setConsistencyLevel(DefaultConsistencyLevel.SERIAL)).one();
                if (row == null) {
                    throw new IllegalStateException("the counter's row is gone");
                }
                return row.getInt("v");
            } catch (ReadTimeoutException e) {
                readTimeouts.incrementAndGet();
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private void report(String problem) {
        if (unexpected.size() < MAX_REPORTED) {
            unexpected.add(problem);
        }
    }
}
