package io.cairn.tools.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cairn bench}: YCSB's core workloads (and plain write-only and read-only mixes, and
 * lightweight transactions) against any CQL endpoint, Cairn or Apache Cassandra, through the DataStax Java driver with prepared
 * statements; and {@code cairn bench compare} to put two results side by side.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load-test a CQL endpoint (Cairn or Cassandra) with YCSB's workloads.",
        subcommands = {BenchCommand.Run.class, BenchCommand.Compare.class})
public final class BenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("Use: cairn bench run ... | cairn bench compare A.json B.json (see --help)");
        return 2;
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Load records, then run a workload; print a summary and write a JSON result.")
    static final class Run implements Callable<Integer> {

        @Parameters(paramLabel = "HOST[:PORT]", arity = "0..*", description = "Contact points (default 127.0.0.1).")
        List<String> hosts = List.of("127.0.0.1");

        @Option(names = {"-w", "--workload"}, description = "a, b, c, d, e, f, write, read, or lightweight "
                + "transactions: lwt-insert (INSERT IF NOT EXISTS of new records), lwt-update (UPDATE IF field0 = "
                + "the value last seen, uniform over the loaded records), lwt-contended (the same on "
                + Workload.CONTENDED_KEYS + " records), or reads by storage-attached indexes of a table of their "
                + "own, which their load phase writes: sai-eq (the " + Workload.TAG_ROWS + " records of one tag), "
                + "sai-range (" + Workload.RANGE_ROWS + " records by score), or ann (the " + VectorData.NEIGHBOURS
                + " records nearest a vector, in a table of " + VectorData.DIMENSION + "-dimension vectors its "
                + "load phase writes; the result adds recall@" + VectorData.NEIGHBOURS + ") (default a).")
        String workload = "a";

        @Option(names = "--records", description = "Records loaded before the run (default 100000).")
        long records = 100_000;

        @Option(names = "--operations", description = "Operations in the run phase (default 100000).")
        long operations = 100_000;

        @Option(names = "--duration", description = "Run for this many seconds instead of a number of operations.")
        Integer seconds;

        @Option(names = {"-c", "--concurrency"}, description = "Requests in flight (default 32).")
        int concurrency = 32;

        @Option(names = "--rate", description = "Target operations per second (default: as fast as possible); "
                + "latency then counts from each operation's intended start.")
        Double rate;

        @Option(names = "--consistency", description = "Consistency level (default ONE); for conditional "
                + "statements the commit consistency, their serial consistency being SERIAL.")
        String consistency = "ONE";

        @Option(names = "--rf", description = "Replication factor of the keyspace if it is created (default 1).")
        int replicationFactor = 1;

        @Option(names = "--datacenter", description = "Local data center of the driver (default datacenter1).")
        String dataCenter = "datacenter1";

        @Option(names = "--phase", description = "load, run or both (default both).")
        String phase = "both";

        @Option(names = "--server-pids", split = ",", description = "Server process ids whose CPU time to count.")
        List<Long> serverPids = List.of();

        @Option(names = "--label", description = "What was measured, for the result (default the hosts).")
        String label;

        @Option(names = {"-o", "--output"}, description = "Write the JSON result here.")
        Path output;

        @Option(names = "--seed", description = "Seed of the operation and key choices (default 1).")
        long seed = 1;

        @Option(names = "--truststore", description = "Connect over TLS, trusting the certificates in this store "
                + "(PKCS12 or JKS), e.g. the truststore.p12 of cairn admin certs.")
        Path truststore;

        @Option(names = "--truststore-password", description = "The truststore's password (default: the "
                + "environment variable CAIRN_STORE_PASSWORD).")
        String truststorePassword;

        @Override
        public Integer call() throws Exception {
            BenchSettings settings = new BenchSettings(hosts, Workload.of(workload), records, operations,
                    seconds == null ? 0 : seconds, concurrency, rate == null ? 0 : rate, consistency,
                    replicationFactor, dataCenter, phase, serverPids, label == null ? String.join(",", hosts) : label,
                    seed);
            BenchRunner runner = new BenchRunner(settings, new io.cairn.common.time.SystemClock(), System.out,
                    System.err);
            if (truststore != null) {
                String password = truststorePassword != null ? truststorePassword
                        : System.getenv("CAIRN_STORE_PASSWORD");
                if (password == null) {
                    System.err.println("--truststore needs --truststore-password or CAIRN_STORE_PASSWORD");
                    return 2;
                }
                runner.overTls(io.cairn.server.config.DevCertificates.trusting(truststore, password));
            }
            return runner.run(output) ? 0 : 1;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Two results side by side with ratios (second / first); --html writes a latency plot.")
    static final class Compare implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "BASELINE.json")
        Path baseline;

        @Parameters(index = "1", paramLabel = "CANDIDATE.json")
        Path candidate;

        @Option(names = "--html", description = "Write an HTML page with the latency percentiles of both.")
        Path html;

        @Override
        public Integer call() throws Exception {
            BenchResult first = BenchResult.read(baseline);
            BenchResult second = BenchResult.read(candidate);
            System.out.print(BenchResult.compare(first, second));
            if (html != null) {
                java.nio.file.Files.writeString(html, BenchResult.plot(first, second));
            }
            return 0;
        }
    }
}
