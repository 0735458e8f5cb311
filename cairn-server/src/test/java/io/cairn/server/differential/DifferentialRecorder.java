package io.cairn.server.differential;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Records the expected results of the differential scripts from a running Apache Cassandra (it runs only when asked
 * to, see the README.md beside the scripts):
 * {@code -Ddifferential.reference=HOST:PORT}, and optionally {@code -Ddifferential.scripts=03,10} to re-record only
 * the scripts whose names start with those prefixes. It writes into {@code src/test/resources/differential}.
 */
class DifferentialRecorder {

    private static final Path SOURCES = Path.of("src", "test", "resources", "differential");

    @Test
    @EnabledIfSystemProperty(named = "differential.reference", matches = ".+")
    void recordExpectedResultsFromTheReference() {
        String[] hostAndPort = System.getProperty("differential.reference").split(":");
        ScriptRunner runner = new ScriptRunner(new InetSocketAddress(hostAndPort[0],
                hostAndPort.length > 1 ? Integer.parseInt(hostAndPort[1]) : 9042));
        String reference = "Apache Cassandra " + runner.releaseVersion();
        List<String> prefixes = Arrays.asList(System.getProperty("differential.scripts", "").split(","));
        for (Path file : DifferentialSuiteTest.scripts(SOURCES)) {
            String name = file.getFileName().toString();
            if (prefixes.stream().noneMatch(name::startsWith)) {
                continue;
            }
            DifferentialScript script = DifferentialScript.read(file);
            ExpectedResults.write(ExpectedResults.fileFor(file), script, runner.run(script), reference);
            System.out.println("recorded " + name + " (" + script.statements().size() + " statements) from " + reference);
        }
    }
}
