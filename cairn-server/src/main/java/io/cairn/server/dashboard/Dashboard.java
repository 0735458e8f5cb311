package io.cairn.server.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.node.Node;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The web dashboard a node's admin endpoint serves: its page and assets (classpath resources
 * beside this class, {@link #asset}), the whole cluster's view ({@link #cluster}) and this node's
 * own report ({@link #node}), fed by a {@link RequestSampler} that samples the node's client
 * requests every second on the scheduler it is given, from {@link #start} until {@link #close}.
 */
public final class Dashboard implements AutoCloseable {

    /** A file of the page: its bytes and content type. */
    public record Asset(byte[] bytes, String contentType) {
    }

    /** The page's files, by path: loaded once, a fixed set. */
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css",
            "/favicon.svg", "favicon.svg");

    private final Map<String, Asset> assets;
    private final RequestSampler sampler;
    private final NodeReport self;
    private final ClusterReport cluster;
    private final Scheduler.Cancellable sampling;

    private Dashboard(Map<String, Asset> assets, RequestSampler sampler, NodeReport self, ClusterReport cluster,
                      Scheduler scheduler) {
        this.assets = assets;
        this.sampler = sampler;
        this.self = self;
        this.cluster = cluster;
        this.sampling = sampler.start(scheduler);
    }

    /**
     * Starts sampling {@code registry}'s client request timers and failure counters (named
     * {@code latencyTimer} and {@code failureCounter}) on {@code scheduler}.
     *
     * @param executor where answers from other nodes complete (nothing waits there)
     */
    public static Dashboard start(Node node, MeterRegistry registry, String latencyTimer, String failureCounter,
                                  Clock clock, Scheduler scheduler, Executor executor, RecentWarnings warnings,
                                  javax.net.ssl.SSLContext peerTls) {
        ObjectMapper json = new ObjectMapper();
        RequestSampler sampler = new RequestSampler(registry, latencyTimer, failureCounter, clock,
                new SampleRing(RequestSampler.CAPACITY));
        NodeReport self = new NodeReport(node, sampler.ring(), warnings, clock, json);
        ClusterReport cluster = new ClusterReport(node, self, new PeerReports(executor, json, peerTls), clock, json);
        return new Dashboard(loadAssets(), sampler, self, cluster, scheduler);
    }

    private static Map<String, Asset> loadAssets() {
        Map<String, Asset> loaded = new java.util.HashMap<>();
        for (Map.Entry<String, String> asset : ASSETS.entrySet()) {
            String name = asset.getValue();
            try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("The dashboard's " + name + " is missing from the classpath");
                }
                loaded.put(asset.getKey(), new Asset(in.readAllBytes(), contentType(name)));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the dashboard's " + name + ": " + e.getMessage(), e);
            }
        }
        return Map.copyOf(loaded);
    }

    private static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalArgumentException("No content type for " + name);
        };
    }

    /** The page's file at {@code path}, or null when there is none. */
    public Asset asset(String path) {
        return assets.get(path);
    }

    /**
     * How many samples a request asks for: {@code raw} (a query parameter), between 0 and
     * {@link RequestSampler#CAPACITY}, all of them when absent; IllegalArgumentException when not a number.
     */
    public static int samples(String raw) {
        if (raw == null || raw.isEmpty()) {
            return RequestSampler.CAPACITY;
        }
        try {
            return Math.max(0, Math.min(RequestSampler.CAPACITY, Integer.parseInt(raw)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("samples must be a number, not '" + raw + "'");
        }
    }

    /**
     * The whole cluster's view, with each node's newest {@code samples} samples; the other nodes
     * are asked with {@code authorization}, the credentials the request for it carried (or null).
     */
    public CompletableFuture<ObjectNode> cluster(int samples, String authorization) {
        return cluster.report(samples, authorization);
    }

    /** This node's own report, with its newest {@code samples} samples. */
    public ObjectNode node(int samples) {
        return self.report(samples);
    }

    /** Takes a sample now (tests; the scheduler takes one every second). */
    void sample() {
        sampler.sample();
    }

    @Override
    public void close() {
        sampling.cancel();
    }
}
