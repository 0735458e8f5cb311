package io.cairn.server.differential;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs differential scripts against one CQL endpoint (Apache Cassandra when recording, Cairn when testing) through
 * the Java driver 4, the same way on both: a fresh keyspace per script, one statement after the other, every answer
 * rendered as an {@link Outcome}. Statements run unpaged, so what is compared is the whole answer.
 */
final class ScriptRunner {

    /** Statements run unpaged: a page size of 0 asks for the whole result at once. */
    private static final int PAGE_SIZE = 0;

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
                outcomes.add(execute(session, statement.cql()));
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

    private static Outcome execute(CqlSession session, String cql) {
        try {
            ResultSet result = session.execute(SimpleStatement.newInstance(cql));
            return Outcome.of(result, session.getContext().getCodecRegistry());
        } catch (DriverException e) {
            return Outcome.of(e);
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
