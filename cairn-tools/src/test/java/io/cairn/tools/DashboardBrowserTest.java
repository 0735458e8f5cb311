package io.cairn.tools;

import ch.qos.logback.classic.LoggerContext;
import io.cairn.server.CairnNode;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.CommitLogSync;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web dashboard in a real browser (Debian's Chromium, driven through its chromedriver; the
 * test installs both with {@code scripts/install-chromium.sh} when they are missing): against 3
 * nodes in this JVM, the page loads without a console error, shows the 3 nodes up, and its
 * throughput chart rises while {@code cairn bench} runs. Leaves a screenshot in
 * {@code target/dashboard.png} (1280 pixels wide, the whole page).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    private static final Path INSTALL = Path.of("..", "scripts", "install-chromium.sh").toAbsolutePath().normalize();
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path directory;

    private final List<CairnNode> nodes = new ArrayList<>();
    private int nativePort;
    private ChromeDriverService service;
    private ChromeDriver browser;
    /** The console appender, detached while the nodes run (see NodeCommandsClusterTest). */
    private ch.qos.logback.core.Appender<ch.qos.logback.classic.spi.ILoggingEvent> console;

    @BeforeAll
    void start() throws Exception {
        Process install = new ProcessBuilder("sh", INSTALL.toString()).redirectErrorStream(true).start();
        String installOutput = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int installed = install.waitFor();
        // Only a system without apt-get (macOS) runs without the browser; on Debian and its kin
        // the script installs it, and a failure to is the test's failure.
        org.junit.jupiter.api.Assumptions.assumeTrue(installed != 3, installOutput);
        assertThat(installed).as("%s:\n%s", INSTALL, installOutput).isZero();

        ch.qos.logback.classic.Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        console = root.getAppender("console");
        if (console != null) {
            root.detachAppender(console);
        }
        int storagePort = freePort();
        nativePort = freePort();
        for (int i = 1; i <= 3; i++) {
            String host = "127.0.0." + i;
            nodes.add(CairnNode.start(new NodeConfig("dashboard", directory.resolve("n" + i),
                    directory.resolve("logs" + i), host, storagePort, host, nativePort, List.of("127.0.0.1"), 8,
                    "datacenter1", "rack" + i, CommitLogSync.PERIODIC, 10_000, 256 * 1024 * 1024, 1024, 16_384)));
        }

        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort()
                .build();
        service.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory(directory, "chromium"),
                "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (service != null) {
                service.stop();
            }
            nodes.forEach(CairnNode::close);
            if (console != null) {
                ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                        .addAppender(console);
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String dashboardUrl() {
        InetSocketAddress admin = nodes.get(0).adminAddress();
        return "http://" + admin.getHostString() + ":" + admin.getPort() + "/";
    }

    private double opsPerSecond() {
        String value = browser.findElement(By.id("chart-throughput")).getAttribute("data-ops-per-second");
        return value == null ? 0 : Double.parseDouble(value);
    }

    @Test
    void theDashboardShowsEveryNodeUpAndTheThroughputOfALoad() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(dashboardUrl());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(200));
        wait.until(page -> "3".equals(page.findElement(By.id("health")).getAttribute("data-nodes-up")));
        List<WebElement> rows = browser.findElements(By.cssSelector("#nodes tr.node-row"));
        assertThat(rows).hasSize(3);
        assertThat(rows).allSatisfy(row -> assertThat(row.getAttribute("data-up")).isEqualTo("true"));
        assertThat(browser.findElement(By.id("health")).getAttribute("data-status")).isIn("healthy", "degraded");
        assertThat(browser.findElement(By.id("status-label")).getText()).isNotBlank();
        double idle = opsPerSecond();

        CompletableFuture<Integer> bench = CompletableFuture.supplyAsync(() -> Cairn.run("bench", "run",
                "127.0.0.1:" + nativePort, "--records", "2000", "--duration", "12", "--concurrency", "16", "--rf",
                "3", "--workload", "a", "--output", directory.resolve("bench.json").toString()));
        try {
            new WebDriverWait(browser, Duration.ofSeconds(25), Duration.ofMillis(250))
                    .until(page -> opsPerSecond() > Math.max(100, idle * 2));
            // Let the charts draw a few seconds of the load, then keep a picture of it.
            Thread.sleep(4_000);
            // The window's own bars take some of its height: the page's whole height, and theirs.
            long height = ((Number) browser.executeScript("return document.documentElement.scrollHeight"
                    + " + window.outerHeight - window.innerHeight")).longValue();
            browser.manage().window().setSize(new Dimension(1280, (int) Math.min(2_400, Math.max(900, height))));
            byte[] screenshot = browser.getScreenshotAs(OutputType.BYTES);
            Files.write(Path.of("target", "dashboard.png"), screenshot);
            assertThat(browser.findElements(By.cssSelector("#chart-throughput path"))).as("lines drawn")
                    .isNotEmpty();
            assertThat(browser.findElements(By.cssSelector("#tables tbody tr")).get(0).getText())
                    .as("the bench table listed").contains("ycsb");
        } finally {
            assertThat(bench.get()).as("cairn bench's exit code").isZero();
        }

        List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("errors in the browser's console").isEmpty();
    }

    @Test
    void thePageAndItsApiAnswerWithTheirTypesAndAContentSecurityPolicy() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI base = URI.create(dashboardUrl());
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(base).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'self'");
        assertThat(client.send(HttpRequest.newBuilder(base.resolve("/dashboard.js")).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        HttpResponse<String> api = client.send(HttpRequest.newBuilder(base.resolve("/api/dashboard?samples=5")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("Cache-Control")).hasValue("no-store");
        com.fasterxml.jackson.databind.JsonNode view = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(api.body());
        assertThat(view.path("nodes")).hasSize(3);
        assertThat(view.path("nodes")).allSatisfy(node -> {
            assertThat(node.path("answered").asBoolean()).as("%s answered", node.path("address")).isTrue();
            assertThat(node.path("series").path("samples").size()).isBetween(0, 5);
        });
        assertThat(view.path("health").path("status").asText()).isNotEmpty();
        assertThat(client.send(HttpRequest.newBuilder(base.resolve("/nosuch")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        assertThat(client.send(HttpRequest.newBuilder(base.resolve("/api/dashboard?samples=x")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(400);
    }
}
