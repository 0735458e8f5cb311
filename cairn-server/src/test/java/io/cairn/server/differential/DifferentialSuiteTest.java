package io.cairn.server.differential;

import io.cairn.server.CairnNode;
import io.cairn.server.driver.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential suite: every script of {@code src/test/resources/differential} runs against one in-JVM Cairn node
 * and its answers are compared, statement by statement, with the answers recorded from Apache Cassandra (see the
 * README.md there). A script fails on any difference that is not marked as known, and on a marked one that no
 * longer differs. The totals are printed at the end and written to {@code target/differential-report.txt} with
 * every difference.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DifferentialSuiteTest {

    private CairnNode node;
    private final List<ScriptComparison> comparisons = new ArrayList<>();

    @BeforeAll
    void startNode(@TempDir Path directory) {
        node = TestNodes.startSingle(directory);
    }

    @AfterAll
    void stopNodeAndReport() throws IOException {
        if (node != null) {
            node.close();
        }
        String report = report();
        System.out.println(report);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("differential-report.txt"), report, StandardCharsets.UTF_8);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScriptAnswersAsCassandraDid() {
        return scripts(classpathFolder()).stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            DifferentialScript script = DifferentialScript.read(file);
            Path expectedFile = ExpectedResults.fileFor(file);
            assertThat(expectedFile).as("the expected results of %s: record them (README.md)", file.getFileName())
                    .exists();
            ExpectedResults expected = ExpectedResults.read(expectedFile);
            List<Outcome> actual = new ScriptRunner(node.nativeAddress()).run(script);
            ScriptComparison comparison = ScriptComparison.compare(script, expected, actual);
            synchronized (comparisons) {
                comparisons.add(comparison);
            }
            assertThat(comparison.failures()).as(comparison.summary()).isEmpty();
        }));
    }

    /** The scripts of a folder, in the order of their names. */
    static List<Path> scripts(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".cql")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path classpathFolder() {
        try {
            return Path.of(DifferentialSuiteTest.class.getResource("/differential").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String report() {
        StringBuilder text = new StringBuilder("Differential suite against the answers recorded from Apache Cassandra\n");
        int statements = 0;
        int identical = 0;
        int sameErrorKind = 0;
        int known = 0;
        int failures = 0;
        for (ScriptComparison comparison : comparisons) {
            text.append(comparison.summary()).append('\n');
            statements += comparison.statements();
            identical += comparison.identical();
            sameErrorKind += comparison.sameErrorKind();
            known += comparison.knownDifferences();
            failures += comparison.failures().size();
        }
        text.append(String.format(Locale.ROOT, "total: %d statements, %d identical, %d same error kind with another "
                + "message, %d known differences, %d failures%n", statements, identical, sameErrorKind, known, failures));
        for (ScriptComparison comparison : comparisons) {
            for (String failure : comparison.failures()) {
                text.append("\nFAILURE ").append(failure).append('\n');
            }
            for (String note : comparison.notes()) {
                text.append('\n').append(note).append('\n');
            }
        }
        return text.toString();
    }
}
