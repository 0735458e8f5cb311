package io.cairn.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.cluster.gossip.EndpointState;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Clock;
import io.cairn.node.Node;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.metadata.RangeMovement;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.SystemKeyspaces;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The dashboard's view of the whole cluster ({@code GET /api/dashboard}): a health summary, the
 * ring (each node's state, place, ownership and load), every node's request samples, the
 * operations under way, the tables' sizes and the recent warnings. This node's part comes from
 * its {@link NodeReport}; the other nodes' from their admin endpoints, asked in parallel
 * ({@link PeerReports}), at most {@link #MAX_PEERS} of them; one that does not answer is shown so.
 */
final class ClusterReport {

    /** Other nodes asked at most for one view. */
    static final int MAX_PEERS = 32;

    /** Warnings in a view, newest first. */
    static final int MAX_WARNINGS = 50;

    /** Keyspaces whose ranges the health summary checks at most. */
    static final int MAX_KEYSPACES_CHECKED = 100;

    private final Node node;
    private final NodeReport self;
    private final PeerReports peers;
    private final Clock clock;
    private final ObjectMapper json;

    ClusterReport(Node node, NodeReport self, PeerReports peers, Clock clock, ObjectMapper json) {
        this.node = node;
        this.self = self;
        this.peers = peers;
        this.clock = clock;
        this.json = json;
    }

    /** The view, with each node's newest {@code samples} samples, once every node answered or timed out. */
    CompletableFuture<ObjectNode> report(int samples, String authorization) {
        ClusterMetadata metadata = node.metadata().current();
        Map<NodeAddress, EndpointState> states = node.gossiper().endpointStates();
        List<NodeRecord> members = new ArrayList<>();
        for (NodeRecord record : metadata.directory().nodes().values()) {
            if (record.state() != NodeState.LEFT) {
                members.add(record);
            }
        }
        members.sort(java.util.Comparator.comparing(NodeRecord::address));
        Map<NodeId, CompletableFuture<PeerReports.Reply>> replies = new LinkedHashMap<>();
        int asked = 0;
        for (NodeRecord record : members) {
            CompletableFuture<PeerReports.Reply> reply;
            if (record.address().equals(node.address())) {
                reply = CompletableFuture.completedFuture(new PeerReports.Reply(self.report(samples), null));
            } else if (!node.gossiper().isAlive(record.address())) {
                reply = CompletableFuture.completedFuture(PeerReports.Reply.failed("down"));
            } else if (asked >= MAX_PEERS) {
                reply = CompletableFuture.completedFuture(PeerReports.Reply.failed(
                        "not asked: a view asks at most " + MAX_PEERS + " other nodes"));
            } else {
                asked++;
                reply = ask(record, states.get(record.address()), samples, authorization);
            }
            replies.put(record.id(), reply);
        }
        return CompletableFuture.allOf(replies.values().toArray(CompletableFuture[]::new))
                .thenApply(done -> view(metadata, members, replies));
    }

    private CompletableFuture<PeerReports.Reply> ask(NodeRecord record, EndpointState state, int samples,
                                                     String authorization) {
        String admin = state == null ? null : state.get(ApplicationState.ADMIN_ADDRESS);
        int colon = admin == null ? -1 : admin.lastIndexOf(':');
        if (colon <= 0) {
            return CompletableFuture.completedFuture(PeerReports.Reply.failed("its admin address is unknown "
                    + "(a node of an older version does not tell it)"));
        }
        String host = admin.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(admin.substring(colon + 1));
        } catch (NumberFormatException e) {
            return CompletableFuture.completedFuture(PeerReports.Reply.failed("bad admin address " + admin));
        }
        if (!isIpLiteral(host)) {
            return CompletableFuture.completedFuture(PeerReports.Reply.failed("bad admin address " + admin));
        }
        if (isLoopback(host) && !isLoopback(record.address().host())) {
            // Its endpoint listens on its own machine's loopback address: not reachable from here.
            return CompletableFuture.completedFuture(PeerReports.Reply.failed(
                    "its admin endpoint is reachable from its own machine only"));
        }
        if (!host.equals(record.address().host())) {
            // Only a node's own address is asked (and handed the credentials of the request): a gossiped
            // admin address elsewhere is not followed.
            return CompletableFuture.completedFuture(PeerReports.Reply.failed("its admin address " + admin
                    + " is not on its own address " + record.address().host()));
        }
        String expected = record.id().toString();
        return peers.fetch(host, port, samples, authorization).thenApply(reply -> reply.report() == null
                || expected.equals(reply.report().path("host_id").asText()) ? reply
                : PeerReports.Reply.failed("another node answered at its admin address"));
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":") && host.matches("[0-9a-fA-F:.%\\[\\]]+");
    }

    private static boolean isLoopback(String host) {
        if (!isIpLiteral(host)) {
            return host.equals("localhost");
        }
        try {
            // An IP literal: no name is looked up.
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private ObjectNode view(ClusterMetadata metadata, List<NodeRecord> members,
                            Map<NodeId, CompletableFuture<PeerReports.Reply>> replies) {
        ObjectNode body = json.createObjectNode();
        body.put("cluster_name", metadata.clusterName());
        body.put("epoch", metadata.epoch().value());
        body.put("served_by", node.address().toString());
        body.put("time_millis", clock.currentTimeMillis());
        Map<NodeId, Double> ownership = ownership(metadata.tokens());
        ObjectNode health = body.putObject("health");
        ArrayNode nodes = body.putArray("nodes");
        ArrayNode operations = body.putArray("operations");
        Map<String, ObjectNode> tables = new TreeMap<>();
        List<ObjectNode> warnings = new ArrayList<>();
        Set<String> seenWarnings = new HashSet<>();
        int up = 0;
        int answered = 0;
        double ops = 0;
        double errors = 0;
        double p99 = 0;
        for (NodeRecord record : members) {
            PeerReports.Reply reply = replies.get(record.id()).join();
            boolean isSelf = record.address().equals(node.address());
            boolean alive = isSelf || node.gossiper().isAlive(record.address());
            up += alive ? 1 : 0;
            ObjectNode entry = nodes.addObject();
            entry.put("host_id", record.id().hostId().toString());
            entry.put("address", record.address().host());
            entry.put("data_center", record.dataCenter());
            entry.put("rack", record.rack());
            entry.put("state", record.state().name());
            entry.put("up", alive);
            entry.put("self", isSelf);
            entry.put("tokens", metadata.tokens().getOrDefault(record.id(), java.util.Collections.emptySortedSet())
                    .size());
            entry.put("ownership", ownership.getOrDefault(record.id(), 0.0));
            JsonNode report = reply.report();
            if (report == null) {
                entry.put("answered", false);
                entry.put("failure", reply.failure());
                entry.putNull("load_bytes");
                entry.putNull("memtable_bytes");
                entry.putNull("series");
                continue;
            }
            answered++;
            entry.put("answered", true);
            entry.set("load_bytes", report.path("load_bytes"));
            entry.set("memtable_bytes", report.path("memtable_bytes"));
            entry.set("series", report.path("series"));
            JsonNode rows = report.path("series").path("samples");
            if (rows.size() > 0) {
                JsonNode last = rows.get(rows.size() - 1);
                ops += last.path(1).asDouble();
                p99 = Math.max(p99, last.path(3).asDouble());
                errors += last.path(4).asDouble();
            }
            String where = record.address().host();
            JsonNode repair = report.path("repair");
            if (repair.isObject()) {
                int pieces = repair.path("pieces").asInt();
                operations.addObject().put("kind", "repair").put("node", where)
                        .put("detail", "repair of " + repair.path("what").asText() + ": " + repair.path("pieces_done")
                                .asInt() + " of " + pieces + " pieces")
                        .put("progress", pieces == 0 ? 0 : repair.path("pieces_done").asDouble() / pieces);
            }
            long hints = report.path("hints_pending").asLong();
            if (hints > 0) {
                operations.addObject().put("kind", "hints").put("node", where)
                        .put("detail", hints + " hints waiting for delivery").putNull("progress");
            }
            for (JsonNode table : report.path("tables")) {
                String name = table.path("keyspace").asText() + "." + table.path("table").asText();
                ObjectNode sum = tables.computeIfAbsent(name, key -> json.createObjectNode()
                        .put("keyspace", table.path("keyspace").asText()).put("table", table.path("table").asText()));
                for (String field : List.of("file_bytes", "memtable_bytes", "live_data_bytes", "partitions_estimate")) {
                    sum.put(field, sum.path(field).asLong() + table.path(field).asLong());
                }
                sum.put("nodes", sum.path("nodes").asInt() + 1);
            }
            for (JsonNode warning : report.path("warnings")) {
                if (!warning.isObject()) {
                    continue;
                }
                // Nodes run in one JVM share their log: keep each event once.
                String key = warning.path("time_millis").asLong() + warning.path("logger").asText()
                        + warning.path("message").asText();
                if (seenWarnings.add(key)) {
                    ObjectNode copy = ((ObjectNode) warning).deepCopy();
                    copy.put("node", where);
                    warnings.add(copy);
                }
            }
        }
        RangeMovement movement = metadata.movement();
        if (movement != null) {
            NodeRecord moving = metadata.directory().get(movement.node());
            operations.insertObject(0).put("kind", movement.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .put("node", moving == null ? movement.node().hostId().toString() : moving.address().host())
                    .put("detail", movement.kind().name().toLowerCase(java.util.Locale.ROOT) + ": step "
                            + movement.step().name() + " (" + (movement.step().ordinal() + 1) + " of "
                            + (RangeMovement.Step.values().length + 1) + ")")
                    .put("progress", (movement.step().ordinal() + 1.0) / (RangeMovement.Step.values().length + 1));
        }
        ArrayNode tableSums = body.putArray("tables");
        tables.values().forEach(tableSums::add);
        warnings.sort(java.util.Comparator.comparingLong((ObjectNode w) -> w.path("time_millis").asLong()).reversed());
        ArrayNode recent = body.putArray("warnings");
        warnings.stream().limit(MAX_WARNINGS).forEach(recent::add);
        int[] ranges = rangesShort();
        health.put("nodes", members.size());
        health.put("up", up);
        health.put("down", members.size() - up);
        health.put("answered", answered);
        health.put("ranges_without_quorum", ranges[0]);
        health.put("ranges_missing_a_replica", ranges[1]);
        health.put("ops_per_second", Math.round(ops * 10) / 10.0);
        health.put("errors_per_second", Math.round(errors * 1000) / 1000.0);
        health.put("p99_ms", Math.round(p99 * 1000) / 1000.0);
        health.put("movement", movement != null);
        health.put("status", ranges[0] > 0 ? "critical"
                : up < members.size() || ranges[1] > 0 || errors > 0 ? "degraded" : "healthy");
        return body;
    }

    /**
     * How many ranges of the ring have, in some replicated keyspace, fewer replicas up than a
     * quorum ([0]) and fewer than all ([1]).
     */
    private int[] rangesShort() {
        Topology topology = node.topology();
        List<Long> tokens = topology.ringTokens();
        List<String> keyspaces = new ArrayList<>();
        for (String keyspace : node.schema().current().keyspaces().keySet()) {
            if (!SystemKeyspaces.isLocal(keyspace) && keyspaces.size() < MAX_KEYSPACES_CHECKED) {
                keyspaces.add(keyspace);
            }
        }
        int withoutQuorum = 0;
        int missingReplica = 0;
        for (long token : tokens) {
            boolean noQuorum = false;
            boolean missing = false;
            for (String keyspace : keyspaces) {
                List<NodeAddress> replicas = topology.replicasFor(keyspace, token);
                if (replicas.isEmpty()) {
                    continue;
                }
                long alive = replicas.stream().filter(topology::isAlive).count();
                noQuorum |= alive < replicas.size() / 2 + 1;
                missing |= alive < replicas.size();
            }
            withoutQuorum += noQuorum ? 1 : 0;
            missingReplica += missing ? 1 : 0;
        }
        return new int[] {withoutQuorum, missingReplica};
    }

    /** Each node's share of the token ring: the ranges that end at its tokens, over the whole ring. */
    static Map<NodeId, Double> ownership(Map<NodeId, SortedSet<Long>> tokens) {
        TreeMap<Long, NodeId> owners = new TreeMap<>();
        tokens.forEach((id, owned) -> owned.forEach(token -> owners.put(token, id)));
        Map<NodeId, Double> shares = new java.util.HashMap<>();
        if (owners.size() == 1) {
            shares.put(owners.firstEntry().getValue(), 1.0);
            return shares;
        }
        long previous = owners.isEmpty() ? 0 : owners.lastKey();
        for (Map.Entry<Long, NodeId> owner : owners.entrySet()) {
            // The range (previous, token], wrapping around the ring: unsigned 64-bit width.
            long width = owner.getKey() - previous;
            double share = ((width >>> 1) * 2.0 + (width & 1)) / 0x1p64;
            shares.merge(owner.getValue(), share, Double::sum);
            previous = owner.getKey();
        }
        return shares;
    }
}
