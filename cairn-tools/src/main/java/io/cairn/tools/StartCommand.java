package io.cairn.tools;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import io.cairn.server.CairnNode;
import io.cairn.server.config.ConfigLoader;
import io.cairn.server.config.NodeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/** {@code cairn start}: runs a node in this process until SIGTERM or ctrl-C, then drains. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start a Cairn node in the foreground (SIGTERM or ctrl-C stops it cleanly).")
final class StartCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: $CAIRN_HOME/conf/cairn.yaml).")
    Path config;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path home = Homes.home();
        Path file = config != null ? config : home.resolve("conf").resolve("cairn.yaml");
        NodeConfig nodeConfig;
        try {
            nodeConfig = Files.exists(file) || config != null ? ConfigLoader.load(file, home)
                    : ConfigLoader.defaults(home);
        } catch (IllegalArgumentException e) {
            System.err.println("cairn start: " + e.getMessage());
            return 2;
        }
        Files.createDirectories(nodeConfig.logDirectory());
        logToFile(nodeConfig.logDirectory().resolve("cairn.log"));
        Logger log = LoggerFactory.getLogger(StartCommand.class);
        log.info("{}", startLine(nodeConfig, Files.exists(file) ? file.toString() : "default settings",
                ConfigLoader.defaults(home)));
        CairnNode node;
        try {
            node = CairnNode.start(nodeConfig);
        } catch (RuntimeException e) {
            log.error("Cairn could not start: {}", e.getMessage(), e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ShutdownHook.register(() -> {
            node.close();
            stopped.countDown();
        });
        java.util.concurrent.atomic.AtomicReference<String> removed = new java.util.concurrent.atomic.AtomicReference<>();
        node.removed().thenAccept(why -> {
            removed.set(why);
            stopped.countDown();
        });
        log.info("Cairn is ready for CQL clients on {}:{}", node.nativeAddress().getHostString(),
                node.nativeAddress().getPort());
        stopped.await();
        if (removed.get() != null) {
            node.close();
            log.error("Cairn stopped: {}", removed.get());
            return 1;
        }
        return 0;
    }

    /**
     * The first line a node logs: its version, addresses, data directory, where its settings come
     * from and those that differ from the defaults (secrets hidden), so that one line tells how
     * the node was started.
     */
    static String startLine(NodeConfig config, String source, NodeConfig defaults) {
        java.util.Map<String, String> standard = defaults.settings();
        StringBuilder changed = new StringBuilder();
        config.settings().forEach((name, value) -> {
            if (!name.endsWith("_directory") && !value.equals(standard.get(name))) {
                changed.append(changed.length() == 0 ? "" : ", ").append(name).append('=').append(value);
            }
        });
        return "Starting Cairn " + io.cairn.server.CairnNode.version() + " (Java " + Runtime.version() + ") with "
                + source + ": cluster '" + config.clusterName() + "', listen " + config.listenAddress() + ":"
                + config.storagePort() + ", native " + config.nativeAddress() + ":" + config.nativePort() + ", admin "
                + io.cairn.server.CairnNode.adminAddress(config).getHostAddress() + ":" + config.adminPort()
                + ", data in " + config.dataDirectory()
                + "; settings not at their defaults: " + (changed.length() == 0 ? "none" : changed);
    }

    /** Largest {@code cairn.log} before it rolls over, as Cassandra's logback.xml has it. */
    static final String LOG_FILE_SIZE = "50MB";
    /** Days of rolled logs kept, and their total size at most. */
    static final int LOG_DAYS = 7;
    static final String LOG_TOTAL_SIZE = "1GB";

    /**
     * Adds {@code cairn.log} to the root logger (the console appender stays): it rolls over daily
     * and past {@link #LOG_FILE_SIZE}, compressed, keeping {@link #LOG_DAYS} days and at most
     * {@link #LOG_TOTAL_SIZE}.
     */
    private static void logToFile(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n");
        encoder.start();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(file.resolveSibling("cairn.%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf(LOG_FILE_SIZE));
        policy.setMaxHistory(LOG_DAYS);
        policy.setTotalSizeCap(FileSize.valueOf(LOG_TOTAL_SIZE));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }
}
