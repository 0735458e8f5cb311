package io.cairn.tools;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cairn admin}: {@code status} (each node's state, owned share of the ring and host id,
 * like nodetool status, through the driver), and through a node's admin endpoint {@code ring}
 * (the cluster metadata log's view: epoch, metadata replicas, the movement in progress, every
 * node's state), {@code describecluster}, {@code hints}, {@code decommission}, {@code cleanup},
 * {@code repair [KEYSPACE [TABLE]]} (printing its progress; {@code --status}: the repair under way and
 * automatic repair's counts), {@code move TOKEN[,TOKEN...]}, {@code removenode HOSTID} and
 * {@code abort HOSTID}.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Cluster administration: status, ring, describecluster, hints, decommission, cleanup, "
                + "repair [KEYSPACE [TABLE]], move TOKEN[,TOKEN...], removenode HOSTID, abort HOSTID, "
                + "certs DIRECTORY ADDRESSES; and of one node: info, tablestats [KEYSPACE[.TABLE]], tpstats, "
                + "flush/compact [KEYSPACE [TABLE]], snapshot [-t NAME] [KEYSPACE], listsnapshots, "
                + "clearsnapshot -t NAME|--all, restore -t NAME KEYSPACE TABLE, drain, setlogginglevel LOGGER LEVEL, "
                + "settings, getsetting NAME.")
final class AdminCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ACTION",
            description = "status | ring | describecluster (name, epoch, metadata replicas, schema versions) | "
                    + "hints (the hints that node holds for each replica) | "
                    + "decommission (of the node --admin names) | cleanup (that node drops the "
                    + "ranges it no longer replicates) | repair [KEYSPACE [TABLE]] (that node and the other replicas "
                    + "of its ranges exchange what differs, incrementally unless --full; --range: part of the ring; "
                    + "--status: the repair under way and automatic repair) | move TOKEN[,TOKEN...] (that node moves to these "
                    + "tokens, its whole new set) | removenode HOSTID (a dead node)"
                    + " | abort HOSTID (the join, decommission, removenode or move of that node in progress)"
                    + " | certs DIRECTORY ADDRESS[,ADDRESS...] (a development CA and each node's key and certificate)"
                    + " | info | tablestats [KEYSPACE[.TABLE]] | tpstats | flush [KEYSPACE [TABLE]] | compact [KEYSPACE "
                    + "[TABLE]] | snapshot [-t NAME] [KEYSPACE] | listsnapshots | clearsnapshot -t NAME|--all | restore -t "
                    + "NAME KEYSPACE TABLE (that node writes back what the snapshot holds of the table) | drain | "
                    + "setlogginglevel LOGGER LEVEL | settings | getsetting NAME")
    String action;

    @Parameters(index = "1..*", arity = "0..2", paramLabel = "ARGUMENT",
            description = "The host id removenode and abort act on; the keyspace and table repair acts on; the "
                    + "tokens move takes, comma-separated (after --, when the first is negative).")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--admin", description = "The admin endpoint of the node to ask (default 127.0.0.1:9180).")
    String admin = "127.0.0.1:9180";

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME", description = "With snapshot: its name (default: the time "
            + "in milliseconds); with clearsnapshot and restore: the snapshot's.")
    String tag;

    @Option(names = "--all", description = "With clearsnapshot: every snapshot of that node.")
    boolean all;

    @Option(names = "--status", description = "With repair: print the repair under way on that node, how the "
            + "last one ended, and what automatic repair did, instead of repairing.")
    boolean status;

    @Option(names = "--full", description = "With repair: compare every partition, not only those written since "
            + "the last repair of their range (incremental, the default; a range never repaired is compared whole).")
    boolean full;

    @Option(names = "--range", paramLabel = "START:END", description = "With repair: only the tokens after START up "
            + "to END (as nodetool's -st and -et; START above END wraps around the ring).")
    String range;

    @Option(names = "--json", description = "Print the admin endpoint's JSON answer as it is.")
    boolean rawJson;

    @Option(names = "--host", description = "A node to ask (default 127.0.0.1:9042).")
    String host = "127.0.0.1:9042";

    @Option(names = "--datacenter", description = "The contacted node's data center (default datacenter1).")
    String dataCenter = "datacenter1";

    @Option(names = "--store-password", description = "With certs: the password of every store written (default: "
            + "the environment variable CAIRN_STORE_PASSWORD).")
    String storePassword;

    /** {@code certs DIRECTORY ADDRESS[,ADDRESS...]}: a development CA and a key and certificate for each address. */
    private int certs() {
        if (arguments.size() != 2) {
            System.err.println("certs needs a directory and the nodes' addresses: cairn admin certs conf/certs "
                    + "127.0.0.1,127.0.0.2,127.0.0.3");
            return 2;
        }
        String password = storePassword != null ? storePassword : System.getenv("CAIRN_STORE_PASSWORD");
        if (password == null || password.length() < 6) {
            System.err.println("certs needs a store password of at least 6 characters: --store-password or "
                    + "CAIRN_STORE_PASSWORD");
            return 2;
        }
        java.nio.file.Path directory = java.nio.file.Path.of(arguments.get(0));
        List<String> addresses = java.util.Arrays.stream(arguments.get(1).split(",")).map(String::trim)
                .filter(address -> !address.isEmpty()).toList();
        try {
            io.cairn.server.config.DevCertificates certificates =
                    new io.cairn.server.config.DevCertificates(directory, password);
            for (java.nio.file.Path store : certificates.create(addresses)) {
                System.out.println("wrote " + store);
            }
            System.out.println("CA certificate (for clients): " + certificates.caCertificate());
            System.out.println("truststore (for Java clients and nodes): " + certificates.truststore());
            System.out.println("In cairn.yaml: client_encryption_options: {enabled: true, keystore: <node store>, "
                    + "keystore_password: <password>}");
            return 0;
        } catch (java.io.IOException e) {
            System.err.println("certs failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    @Override
    public Integer call() {
        String chosen = action.toLowerCase(Locale.ROOT);
        if (NodeCommands.ACTIONS.contains(chosen)) {
            return new NodeCommands(System.out, System.err).run(admin, chosen, arguments, tag, all, rawJson);
        }
        if (tag != null || all) {
            System.err.println("-t and --all go with snapshot, clearsnapshot and restore only");
            return 2;
        }
        boolean needsHost = chosen.equals("removenode") || chosen.equals("abort");
        if (!List.of("status", "ring", "describecluster", "hints", "decommission", "cleanup", "repair", "move", "removenode",
                "abort", "certs").contains(chosen)) {
            System.err.println("Unknown action '" + action + "': use status, ring, describecluster, hints, decommission, "
                    + "cleanup, repair [KEYSPACE [TABLE]], move TOKEN[,TOKEN...], removenode HOSTID, abort HOSTID, "
                    + "certs DIRECTORY ADDRESS[,ADDRESS...], or one of " + String.join(", ", NodeCommands.ACTIONS));
            return 2;
        }
        if (chosen.equals("certs")) {
            return certs();
        }
        if (chosen.equals("move")) {
            if (arguments.size() != 1) {
                System.err.println("move needs the node's new tokens, comma-separated: cairn admin move -- "
                        + "-3074457345618258603,3074457345618258602");
                return 2;
            }
            return AdminEndpoint.run(admin, chosen, arguments.get(0).replace(" ", ""), rawJson);
        }
        if (chosen.equals("repair") && status) {
            if (!arguments.isEmpty()) {
                System.err.println("repair --status takes no keyspace or table");
                return 2;
            }
            return AdminEndpoint.repairStatus(admin);
        }
        if (!chosen.equals("repair") && (full || range != null)) {
            System.err.println("--full and --range go with repair only");
            return 2;
        }
        if (chosen.equals("repair")) {
            String query = "";
            if (full) {
                query = "full=true";
            }
            if (range != null) {
                if (!range.matches("\\s*-?\\d{1,19}\\s*:\\s*-?\\d{1,19}\\s*")) {
                    System.err.println("--range is START:END, two tokens (64-bit signed integers), not '" + range + "'");
                    return 2;
                }
                query += (query.isEmpty() ? "" : "&") + "range=" + range.replace(" ", "");
            }
            String what = arguments.isEmpty() ? "" : String.join("/", arguments);
            return AdminEndpoint.run(admin, chosen, query.isEmpty() ? (what.isEmpty() ? null : what)
                    : what + "?" + query, rawJson);
        }
        if (needsHost ? arguments.size() != 1 : !arguments.isEmpty()) {
            System.err.println(needsHost ? chosen + " needs the host id of the node (see cairn admin ring)"
                    : chosen + " takes no argument");
            return 2;
        }
        String hostId = needsHost ? arguments.get(0) : null;
        if (!chosen.equals("status")) {
            return AdminEndpoint.run(admin, chosen, hostId, rawJson);
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.ERROR);
            context.getLogger("com.datastax.oss.driver").setLevel(Level.ERROR);
        }
        InetSocketAddress address = ShellCommand.address(host);
        try (CqlSession session = CqlSession.builder().addContactPoint(address).withLocalDatacenter(dataCenter)
                .build()) {
            Map<Node, Double> owned = new HashMap<>();
            session.getMetadata().getTokenMap().ifPresent(tokens -> {
                for (Node node : session.getMetadata().getNodes().values()) {
                    for (TokenRange range : tokens.getTokenRanges(node)) {
                        owned.merge(node, share(range), Double::sum);
                    }
                }
            });
            List<Node> nodes = new ArrayList<>(session.getMetadata().getNodes().values());
            nodes.sort((a, b) -> String.valueOf(a.getDatacenter() + a.getEndPoint())
                    .compareTo(b.getDatacenter() + String.valueOf(b.getEndPoint())));
            String currentDc = null;
            for (Node node : nodes) {
                if (!node.getDatacenter().equals(currentDc)) {
                    currentDc = node.getDatacenter();
                    System.out.println("Datacenter: " + currentDc);
                    System.out.println("Status=Up/Down/?=not watched from here  State=Normal");
                    System.out.printf(Locale.ROOT, "--  %-22s %-8s %-8s %-38s %s%n", "Address", "Tokens", "Owns",
                            "Host ID", "Rack");
                }
                // The driver only watches its local data center; other nodes' state is unknown to it.
                String state = node.getState() == NodeState.UP ? "UN"
                        : node.getState() == NodeState.DOWN || node.getState() == NodeState.FORCED_DOWN ? "DN" : "?N";
                Double share = owned.get(node);
                System.out.printf(Locale.ROOT, "%s  %-22s %-8s %-8s %-38s %s%n", state,
                        node.getEndPoint().resolve().toString().replaceFirst("^/", ""),
                        session.getMetadata().getTokenMap().map(t -> t.getTokens(node).size()).orElse(0),
                        share == null ? "?" : String.format(Locale.ROOT, "%.1f%%", share * 100), node.getHostId(),
                        node.getRack());
            }
            return 0;
        } catch (DriverException e) {
            System.err.println("Connection error: " + e.getMessage());
            return 1;
        }
    }

    /** The fraction of the Murmur3 ring a token range covers. */
    static double share(TokenRange range) {
        long start = tokenValue(range.getStart());
        long end = tokenValue(range.getEnd());
        long difference = end - start;
        double ring = Math.pow(2, 64);
        return difference == 0 ? 1.0 : (difference > 0 ? difference : difference + ring) / ring;
    }

    private static long tokenValue(Token token) {
        return ((com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token) token).getValue();
    }
}
