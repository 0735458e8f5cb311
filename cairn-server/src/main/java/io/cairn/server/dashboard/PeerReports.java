package io.cairn.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Asks other nodes' admin endpoints for their {@code /api/dashboard/node} report, with the JDK's
 * HTTP client: a connection within {@link #CONNECT_TIMEOUT}, the answer within
 * {@link #ANSWER_TIMEOUT}, at most {@link #MAX_ANSWER_BYTES}. A node that does not answer so is a
 * {@link Reply} with the reason, never a failed stage.
 */
final class PeerReports {

    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1_000);
    static final Duration ANSWER_TIMEOUT = Duration.ofMillis(2_000);
    static final int MAX_ANSWER_BYTES = 1 << 20;

    /** A node's report, or why there is none. */
    record Reply(JsonNode report, String failure) {
        static Reply failed(String why) {
            return new Reply(null, why);
        }
    }

    private final Executor executor;
    private final ObjectMapper json;
    /** Built when first needed: a client has a thread of its own, which a node alone never needs. */
    private HttpClient client;

    /** The context the others' endpoints are asked over HTTPS with, or null: over HTTP. */
    private final javax.net.ssl.SSLContext tls;

    /**
     * @param executor where the client completes its answers (it never waits there)
     * @param tls      how to trust the others' endpoints, which serve HTTPS; null when they serve HTTP
     */
    PeerReports(Executor executor, ObjectMapper json, javax.net.ssl.SSLContext tls) {
        this.executor = executor;
        this.json = json;
        this.tls = tls;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            HttpClient.Builder builder = HttpClient.newBuilder().executor(executor).connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
            if (tls != null) {
                builder.sslContext(tls);
            }
            client = builder.build();
        }
        return client;
    }

    /**
     * The report of the node whose admin endpoint is {@code host}:{@code port}, with {@code samples}
     * samples, asked with {@code authorization} (the Authorization header to send, or null): a node
     * whose clients log in admits the same superuser the browser logged in as.
     */
    CompletableFuture<Reply> fetch(String host, int port, int samples, String authorization) {
        URI uri;
        try {
            uri = new URI(tls == null ? "http" : "https", null, host, port, "/api/dashboard/node", "samples=" + samples,
                    null);
        } catch (java.net.URISyntaxException e) {
            return CompletableFuture.completedFuture(Reply.failed("bad admin address " + host + ":" + port));
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(ANSWER_TIMEOUT).GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        return client().sendAsync(request, info -> {
                    long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
                    return info.statusCode() == 200 && length >= 0 && length <= MAX_ANSWER_BYTES
                            ? HttpResponse.BodySubscribers.ofByteArray()
                            : HttpResponse.BodySubscribers.<byte[]>replacing(null);
                })
                // Past its headers, a response's body has no timeout of its own: one that trickles is cut.
                .orTimeout(CONNECT_TIMEOUT.plus(ANSWER_TIMEOUT).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        return Reply.failed("its admin endpoint answered " + response.statusCode());
                    }
                    if (response.body() == null) {
                        return Reply.failed("its answer was larger than " + MAX_ANSWER_BYTES + " bytes");
                    }
                    try {
                        return new Reply(json.readTree(response.body()), null);
                    } catch (IOException e) {
                        return Reply.failed("its answer was not JSON");
                    }
                })
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException
                            && failure.getCause() != null ? failure.getCause() : failure;
                    return Reply.failed(cause instanceof java.net.http.HttpTimeoutException
                            || cause instanceof java.util.concurrent.TimeoutException
                            ? "no answer within " + ANSWER_TIMEOUT.toMillis() + " ms"
                            : cause instanceof java.net.ConnectException ? "its admin endpoint refused the connection"
                            : "no answer (" + cause.getClass().getSimpleName() + ")");
                });
    }
}
