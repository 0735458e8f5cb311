package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that each loop for a while over "read the counter at SERIAL, then increment it by
 * compare-and-set" on one partition, each on its own thread with synchronous statements,
 * counting what the driver says of every transaction. Half of the clients speak protocol v5,
 * where a proposal of unknown fate fails with CAS_WRITE_UNKNOWN, the others v4, where it is a
 * WRITE_TIMEOUT of type CAS.
 *
 * <p>Each increment is a conditional batch on the partition: {@code SET v = old + 1 IF v = old}
 * on the static counter, and a row for step {@code old + 1} naming the transaction. An
 * application learns the fate of a transaction that ended unknown the same way: from what the
 * transaction itself wrote. {@link #settle} reads the steps back and resolves every unknown
 * outcome, so that the counter's value can be held to the number of applied transactions.
 */
final class CasCounterRace {

    private static final int MAX_REPORTED = 20;
    private static final CqlIdentifier V = CqlIdentifier.fromCql("v");

    /**
     * What the clients saw.
     *
     * @param applied            CAS the driver reported applied
     * @param notApplied         CAS that did not apply (another client got there first)
     * @param unknown            CAS that failed with a WRITE_TIMEOUT of type CAS or with
     *                           CAS_WRITE_UNKNOWN (v5 only): applied or not
     * @param unknownV5          of those, the CAS_WRITE_UNKNOWN answers (to clients speaking v5)
     * @param serialReadTimeouts reads at SERIAL that timed out (and were retried)
     * @param unexpected         any other error or wrong answer, the first few of them
     */
    record Outcome(long applied, long notApplied, long unknown, long unknownV5, long serialReadTimeouts,
                   List<String> unexpected) {
        @Override
        public String toString() {
            return applied + " applied, " + notApplied + " not applied, " + unknown + " unknown outcomes ("
                    + unknownV5 + " on v5), " + serialReadTimeouts + " serial read timeouts, " + unexpected.size()
                    + " unexpected";
        }
    }

    /**
     * The race read back once it is over.
     *
     * @param finalValue      the counter, read at SERIAL
     * @param unknownApplied  transactions that ended unknown and did apply: they took a step
     * @param appliedInAll    transactions that applied, whatever their client was told
     * @param problems        what contradicts the clients' answers, if anything
     */
    record Settled(int finalValue, long unknownApplied, long appliedInAll, List<String> problems) {
    }

    private final String table;
    private final List<Client> sessions;
    private final int clients;
    private final long millis;
    private final AtomicLong unknownV5 = new AtomicLong();
    private final AtomicLong readTimeouts = new AtomicLong();
    /** Each transaction's id and what its client was told, by answer. */
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private final Set<String> notApplied = ConcurrentHashMap.newKeySet();
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    /** The step each transaction would take, by its id. */
    private final Map<String, Integer> stepOf = new ConcurrentHashMap<>();
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    /** A session and its statements; {@code v5} tells which protocol it speaks. */
    private record Client(CqlSession session, boolean v5, PreparedStatement increment, PreparedStatement step,
                          PreparedStatement read) {
    }

    /**
     * Clients of partition {@code k = 0} of {@code table}, which has the static int counter
     * {@code v} (set) and rows {@code (k, step int, op text)}, alternately through {@code v5} and
     * {@code v4}, sessions speaking those protocol versions.
     */
    CasCounterRace(CqlSession v5, CqlSession v4, String table, int clients, long millis) {
        this.table = table;
        this.sessions = new ArrayList<>();
        for (CqlSession session : List.of(v5, v4)) {
            sessions.add(new Client(session, session == v5,
                    session.prepare("UPDATE " + table + " SET v = ? WHERE k = 0 IF v = ?"),
                    session.prepare("INSERT INTO " + table + " (k, step, op) VALUES (0, ?, ?)"),
                    session.prepare("SELECT v FROM " + table + " WHERE k = 0 LIMIT 1")));
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
                String name = "c" + i;
                threads.execute(() -> client(client, name, end));
            }
        } finally {
            threads.shutdown();
        }
        if (!threads.awaitTermination(millis + 60_000, TimeUnit.MILLISECONDS)) {
            threads.shutdownNow();
            report("clients still running 60 s after the race's end");
        }
        return new Outcome(applied.size(), notApplied.size(), unknown.size(), unknownV5.get(), readTimeouts.get(),
                List.copyOf(unexpected));
    }

    /**
     * Reads the counter and its steps at SERIAL and holds them to the clients' answers: the
     * counter went from each value below its final one to the next through exactly one
     * transaction; that one was told it applied or could not learn it; every transaction told
     * it applied took the step it asked for; none told it did not apply took any.
     */
    Settled settle(CqlSession session) {
        List<String> problems = new ArrayList<>();
        int finalValue = session.execute(SimpleStatement.newInstance("SELECT v FROM " + table + " WHERE k = 0 LIMIT 1")
                .setConsistencyLevel(DefaultConsistencyLevel.SERIAL)).one().getInt("v");
        Map<Integer, String> steps = new HashMap<>();
        for (Row row : session.execute(SimpleStatement.newInstance("SELECT step, op FROM " + table + " WHERE k = 0")
                .setConsistencyLevel(DefaultConsistencyLevel.SERIAL).setPageSize(5_000))) {
            if (!row.isNull("step")) {
                steps.put(row.getInt("step"), row.getString("op"));
            }
        }
        long unknownApplied = 0;
        for (int step = 1; step <= finalValue; step++) {
            String op = steps.get(step);
            if (op == null) {
                problems.add("went from " + (step - 1) + " to " + step + " without recording a step");
            } else if (unknown.contains(op)) {
                unknownApplied++;
            } else if (!applied.contains(op)) {
                problems.add("step " + step + " was taken by " + op + ", which was told it did not apply");
            }
        }
        for (int step : steps.keySet()) {
            if (step < 1 || step > finalValue) {
                problems.add("step " + step + " recorded beyond the final value " + finalValue);
            }
        }
        for (String op : applied) {
            int step = stepOf.get(op);
            if (!op.equals(steps.get(step))) {
                problems.add(op + " was told it applied step " + step + ", which " + steps.get(step) + " took");
            }
        }
        return new Settled(finalValue, unknownApplied, applied.size() + unknownApplied, problems);
    }

    private void client(Client client, String name, long end) {
        try {
            int expected = readSerial(client);
            for (int attempt = 0; System.nanoTime() < end; attempt++) {
                String op = name + "-" + attempt;
                stepOf.put(op, expected + 1);
                BatchStatement increment = BatchStatement.newInstance(DefaultBatchType.LOGGED,
                        client.increment().bind(expected + 1, expected), client.step().bind(expected + 1, op));
                try {
                    ResultSet result = client.session().execute(increment);
                    if (result.wasApplied()) {
                        applied.add(op);
                        expected++;
                        continue;
                    }
                    notApplied.add(op);
                    Row current = result.one();
                    if (current == null || !current.getColumnDefinitions().contains(V) || current.isNull(V)
                            || current.getInt(V) == expected) {
                        report(op + " from " + expected + " not applied, but the row it returned says v = "
                                + (current == null ? "(no row)" : current.getFormattedContents()));
                    }
                } catch (WriteTimeoutException e) {
                    // Also on v5: a transaction that ran out of time before proposing (contention).
                    if (e.getWriteType() == DefaultWriteType.CAS) {
                        unknown.add(op);
                    } else {
                        report(op + " from " + expected + (client.v5() ? " (v5): " : " (v4): ") + e);
                    }
                } catch (CASWriteUnknownException e) {
                    if (client.v5()) {
                        unknown.add(op);
                        unknownV5.incrementAndGet();
                    } else {
                        report(op + " from " + expected + " (v4): " + e);
                    }
                }
                expected = readSerial(client);
            }
        } catch (RuntimeException e) {
            StringBuilder causes = new StringBuilder("client " + name + " (" + (client.v5() ? "v5" : "v4")
                    + ") stopped: " + e);
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
                if (row == null || row.isNull("v")) {
                    throw new IllegalStateException("the counter is gone");
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
