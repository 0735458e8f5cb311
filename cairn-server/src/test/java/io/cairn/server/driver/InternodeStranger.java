package io.cairn.server.driver;

import io.cairn.cluster.messaging.InternodeTls;
import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingConfig;
import io.cairn.cluster.messaging.NettyMessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.ExecutorScheduler;
import io.cairn.common.time.SystemClock;
import io.cairn.common.wire.ByteWriter;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The fourth process of {@link InternodeTlsTest}: an OS process of its own on 127.0.0.4 that
 * reaches a node's storage port and asks what gossip, a write, a stream, a Paxos round, a
 * schema push and a read of the cluster metadata log would ask. Arguments: the target
 * {@code host:port}, the cluster name, then one attempt per argument, each
 * {@code label=plain} (no TLS) or {@code label=KEYSTORE,TRUSTSTORE,PASSWORD} (PKCS12 stores);
 * an attempt labelled {@code member} (a certificate the target should accept) asks only the
 * metadata fetch, the one request whose well-formed payload it knows. For each attempt it prints {@code OUTCOME label VERB what-came-back} per request and
 * {@code REFUSAL label why} when the target could not be reached, then exits.
 */
public final class InternodeStranger {

    /** How long a refused request waits for an answer that cannot come. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** How long the member's request may take: a cold JVM connects, does TLS and the handshake first. */
    private static final Duration MEMBER_TIMEOUT = Duration.ofSeconds(30);

    private InternodeStranger() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        String[] target = args[0].split(":");
        NodeAddress node = new NodeAddress(target[0], Integer.parseInt(target[1]));
        for (int i = 2; i < args.length; i++) {
            String[] attempt = args[i].split("=", 2);
            String[] stores = attempt[1].split(",");
            InternodeTls tls = attempt[1].equals("plain") ? null
                    : InternodeTls.fromStores(java.nio.file.Path.of(stores[0]), stores[2],
                            java.nio.file.Path.of(stores[1]), stores[2], "PKCS12");
            attempt(out, attempt[0], node, args[1], tls);
        }
    }

    private static void attempt(PrintStream out, String label, NodeAddress target, String clusterName,
                                InternodeTls tls) throws Exception {
        MessagingConfig config = MessagingConfig.defaults(clusterName, new NodeAddress("127.0.0.4", 0));
        try (ExecutorScheduler scheduler = new ExecutorScheduler("stranger", Throwable::printStackTrace);
             NettyMessagingService messaging = new NettyMessagingService(tls == null ? config : config.withTls(tls),
                     scheduler, new SystemClock()).start()) {
            byte[] junk = "from a stranger: k = 1000, keyspace stranger".getBytes(StandardCharsets.UTF_8);
            // A well-formed METADATA_FETCH (version 1, after epoch 0, at most 10 entries): a member
            // holding the cluster's certificate is answered the log, schema and all.
            byte[] fetch = new ByteWriter(13).writeByte(1).writeLong(0).writeInt(10).toByteArray();
            Map<Verb, CompletableFuture<String>> answers = new LinkedHashMap<>();
            answers.put(Verb.METADATA_FETCH, request(messaging, target, Verb.METADATA_FETCH, fetch,
                    label.equals("member") ? MEMBER_TIMEOUT : TIMEOUT));
            if (!label.equals("member")) {
                for (Verb verb : new Verb[] {Verb.MUTATION, Verb.STREAM, Verb.PAXOS_PROPOSE, Verb.SCHEMA_PULL}) {
                    answers.put(verb, request(messaging, target, verb, junk, TIMEOUT));
                }
                messaging.sendOneWay(target, Verb.GOSSIP_DIGEST_SYN, junk);
                messaging.sendOneWay(target, Verb.METADATA_PUSH, junk);
            }
            for (Map.Entry<Verb, CompletableFuture<String>> answer : answers.entrySet()) {
                out.println("OUTCOME " + label + " " + answer.getKey() + " "
                        + answer.getValue().get(MEMBER_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS));
            }
            // The refusal is recorded as the connection fails, which may come after the requests' timeouts.
            String refusal = messaging.refusalBy(target);
            for (int wait = 0; refusal == null && !label.equals("member") && !label.equals("plain") && wait < 100; wait++) {
                Thread.sleep(100);
                refusal = messaging.refusalBy(target);
            }
            if (refusal != null) {
                out.println("REFUSAL " + label + " " + refusal.replace('\n', ' '));
            }
        }
    }

    private static CompletableFuture<String> request(NettyMessagingService messaging, NodeAddress target, Verb verb,
                                                     byte[] payload, Duration timeout) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        messaging.sendRequest(target, verb, payload, timeout, new ResponseCallback() {
            @Override
            public void onResponse(Message response) {
                answer.complete("ANSWERED");
            }

            @Override
            public void onFailure(NodeAddress from, Failure failure) {
                answer.complete(failure.name());
            }
        });
        return answer;
    }
}
