package io.cairn.server.differential;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs differential scripts against one CQL endpoint (Apache Cassandra when recording, Cairn when testing) through
 * the Java driver 4, the same way on both: a fresh keyspace per script, one statement after the other, every answer
 * rendered as an {@link Outcome}. Statements run unpaged, so what is compared is the whole answer. A statement with
 * values to bind is prepared, then executed bound to them.
 */
final class ScriptRunner {

    /** Statements run unpaged: a page size of 0 asks for the whole result at once. */
    private static final int PAGE_SIZE = 0;
    private static final Pattern NAMED_VALUE = Pattern.compile("([a-z_][a-z0-9_]*)\\s*=\\s*(.+)");

    private final InetSocketAddress address;

    ScriptRunner(InetSocketAddress address) {
        if (!TypeCodecs.TIMESTAMP.format(Instant.EPOCH).equals("'1970-01-01T00:00:00.000Z'")) {
            throw new IllegalStateException("the driver formats timestamps in the JVM's zone, and the recorded answers "
                    + "are in UTC: run with -Duser.timezone=UTC (the module's surefire configuration does)");
        }
        this.address = address;
    }

    /** Runs the script in a fresh keyspace (dropped first if a previous run left it, and dropped again after). */
    List<Outcome> run(DifferentialScript script) {
        String keyspace = script.keyspace();
        try (CqlSession admin = open(null)) {
            admin.execute("DROP KEYSPACE IF EXISTS " + keyspace);
            admin.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        }
        List<Outcome> outcomes = new ArrayList<>();
        try (CqlSession session = open(keyspace)) {
            for (DifferentialScript.Statement statement : script.statements()) {
                outcomes.add(execute(session, statement));
            }
            session.execute("DROP KEYSPACE IF EXISTS " + keyspace);
        }
        return outcomes;
    }

    /** The release the endpoint reports, e.g. {@code 5.0.9}. */
    String releaseVersion() {
        try (CqlSession session = open(null)) {
            return session.execute("SELECT release_version FROM system.local").one().getString(0);
        }
    }

    private static Outcome execute(CqlSession session, DifferentialScript.Statement statement) {
        CodecRegistry codecs = session.getContext().getCodecRegistry();
        try {
            if (!statement.isPrepared()) {
                return Outcome.of(session.execute(atConsistency(SimpleStatement.newInstance(statement.cql()),
                        statement.consistency())), codecs);
            }
            PreparedStatement prepared = session.prepare(statement.cql());
            ColumnDefinitions markers = prepared.getVariableDefinitions();
            if (markers.size() != statement.bindValues().size()) {
                return Outcome.client("the statement has " + markers.size() + " bind markers and "
                        + statement.bindValues().size() + " values to bind");
            }
            BoundStatementBuilder bound = prepared.boundStatementBuilder();
            for (int i = 0; i < markers.size(); i++) {
                bind(bound, markers, i, statement.bindValues().get(i), codecs);
            }
            return Outcome.of(session.execute(atConsistency(bound.build(), statement.consistency())), codecs);
        } catch (DriverException e) {
            return Outcome.of(e);
        } catch (IllegalArgumentException e) {
            return Outcome.client(e.getMessage());
        }
    }

    /** The statement at {@code consistency}: a level, or a level and a serial level as {@code QUORUM/SERIAL}. */
    private static <T extends Statement<T>> T atConsistency(T statement, String consistency) {
        if (consistency == null) {
            return statement;
        }
        String[] levels = consistency.split("/");
        T result = statement.setConsistencyLevel(DefaultConsistencyLevel.valueOf(levels[0].trim()));
        return levels.length > 1
                ? result.setSerialConsistencyLevel(DefaultConsistencyLevel.valueOf(levels[1].trim())) : result;
    }

    /** Binds {@code literal} to the i-th marker, or {@code name = literal} to the markers of that name. */
    @SuppressWarnings("unchecked")
    private static void bind(BoundStatementBuilder bound, ColumnDefinitions markers, int i, String value,
                             CodecRegistry codecs) {
        Matcher named = NAMED_VALUE.matcher(value);
        if (named.matches()) {
            int index = markers.firstIndexOf(named.group(1));
            if (index < 0) {
                throw new IllegalArgumentException("no bind marker named " + named.group(1));
            }
            TypeCodec<Object> codec = (TypeCodec<Object>) codecs.codecFor(markers.get(index).getType());
            bound.set(named.group(1), codec.parse(named.group(2)), codec);
        } else {
            TypeCodec<Object> codec = (TypeCodec<Object>) codecs.codecFor(markers.get(i).getType());
            bound.set(i, codec.parse(value), codec);
        }
    }

    private CqlSession open(String keyspace) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                .withInt(DefaultDriverOption.REQUEST_PAGE_SIZE, PAGE_SIZE)
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                // Netty's default quiet period would hold every closed session for 2 s.
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
        var builder = CqlSession.builder().addContactPoint(address).withLocalDatacenter("datacenter1")
                .withConfigLoader(config);
        if (keyspace != null) {
            builder.withKeyspace(keyspace);
        }
        return builder.build();
    }
}
