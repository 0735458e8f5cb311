package io.cairn.tools;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
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
        log.info("Starting Cairn with {} (data in {})", Files.exists(file) ? file : "default settings",
                nodeConfig.dataDirectory());
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

    /** Adds {@code cairn.log} to the root logger (the console appender stays). */
    private static void logToFile(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }
}
