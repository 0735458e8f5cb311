package io.cairn.tools.shell;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.loadbalancing.NodeDistance;
import com.datastax.oss.driver.api.core.metadata.Node;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The driver session the shell talks through: to the node it was given only (like cqlsh, so
 * that system.local, system_views and tracing describe that node), with cqlsh's request
 * timeout, and a schema refresh at once after each DDL statement (the driver's default waits
 * a second for more changes to batch them, which an interactive shell only feels as delay).
 */
public final class ShellSession {

    /** cqlsh's default request timeout. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private ShellSession() {
    }

    /** A builder for a session to {@code target} in {@code dataCenter}; requests time out after {@code requestTimeout}. */
    public static CqlSessionBuilder builder(InetSocketAddress target, String dataCenter, Duration requestTimeout) {
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("The request timeout must be positive, not " + requestTimeout);
        }
        return CqlSession.builder().addContactPoint(target).withLocalDatacenter(dataCenter)
                .withConfigLoader(config(requestTimeout))
                .withNodeDistanceEvaluator((node, localDc) -> isTarget(node, target) ? null : NodeDistance.IGNORED);
    }

    static DriverConfigLoader config(Duration requestTimeout) {
        return DriverConfigLoader.programmaticBuilder()
                // USE is how a shell changes keyspace: not an anti-pattern here.
                .withBoolean(DefaultDriverOption.REQUEST_WARN_IF_SET_KEYSPACE, false)
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, requestTimeout)
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, requestTimeout)
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ZERO)
                // A shell that is done exits at once, not after the event loops' 2 s quiet period.
                .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
                .build();
    }

    private static boolean isTarget(Node node, InetSocketAddress target) {
        return node.getEndPoint().resolve() instanceof InetSocketAddress at && at.getPort() == target.getPort()
                && at.getAddress() != null && at.getAddress().equals(target.getAddress());
    }
}
