package io.cairn.node;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package layering of cairn-node (docs/ARCHITECTURE.md, "cairn-node's packages"), checked
 * on the main code: a package may use only the packages below it, peers (batchlog, hints,
 * bootstrap, paxos) do not use one another, and no two packages depend on each other in a cycle. A new
 * package fails {@link #everyPackageUsesOnlyThePackagesBelowIt} until it has its place in
 * {@link #LAYERS}.
 */
class PackageLayeringTest {

    /** One layer: a package and everything under it, at a level (0 is the top). */
    private record Layer(String name, String packages, int level, boolean optional) {
    }

    /**
     * Top to bottom; layers of one level are peers. The assembly and the message records are
     * optional: the rule holds while their packages have no classes.
     */
    private static final List<Layer> LAYERS = List.of(
            new Layer("assembly", "io.cairn.node", 0, true),
            new Layer("auth", "io.cairn.node.auth..", 1, false),
            new Layer("query", "io.cairn.node.query..", 2, false),
            new Layer("coordinator", "io.cairn.node.coordinator..", 3, false),
            new Layer("agreement", "io.cairn.node.agreement..", 3, false),
            new Layer("batchlog", "io.cairn.node.batchlog..", 4, false),
            new Layer("hints", "io.cairn.node.hints..", 4, false),
            new Layer("bootstrap", "io.cairn.node.bootstrap..", 4, false),
            new Layer("paxos", "io.cairn.node.paxos..", 4, false),
            new Layer("counter", "io.cairn.node.counter..", 4, false),
            new Layer("repair", "io.cairn.node.repair..", 4, false),
            new Layer("replica", "io.cairn.node.replica..", 5, false),
            new Layer("tracing", "io.cairn.node.tracing..", 6, false),
            new Layer("metadata", "io.cairn.node.metadata..", 7, false),
            new Layer("ring", "io.cairn.node.ring..", 8, false),
            new Layer("system", "io.cairn.node.system..", 9, false),
            new Layer("index", "io.cairn.node.index..", 9, false),
            new Layer("schema", "io.cairn.node.schema..", 10, false),
            new Layer("messages", "io.cairn.node.messages..", 11, true));

    private static final JavaClasses MAIN_CODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cairn.node");

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() {
        layering().check(MAIN_CODE);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("io.cairn.(**)").namingSlices("$1")
                .should().beFreeOfCycles()
                .check(MAIN_CODE);
    }

    /**
     * The same layering on the source text: the compiler copies a constant ({@code static final}
     * primitive or string) into the class that uses it, so bytecode does not show that use.
     */
    @Test
    void sourceNamesOnlyThePackagesBelowIt() throws IOException {
        Path root = Path.of("src/main/java/io/cairn/node");
        assertThat(root).as("cairn-node's sources, relative to the module directory").isDirectory();
        Pattern reference = Pattern.compile("\\bio\\.cairn\\.node\\.([a-z]+)\\.");
        Set<String> violations = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Layer from = layerOf(root.relativize(file.getParent()).toString());
                Matcher matcher = reference.matcher(withoutComments(Files.readString(file, StandardCharsets.UTF_8)));
                while (matcher.find()) {
                    Layer to = layerOf(matcher.group(1));
                    if (to != from && to.level() <= from.level()) {
                        violations.add(file.getFileName() + " (" + from.name() + ") names " + to.name());
                    }
                }
            }
        }
        assertThat(violations).as("references from a package to one at its level or above").isEmpty();
    }

    /** The layer of a package given relative to io.cairn.node ("" for the root). */
    private static Layer layerOf(String relativePackage) {
        String first = relativePackage.isEmpty() ? "" : relativePackage.split("[./\\\\]")[0];
        for (Layer layer : LAYERS) {
            String packages = layer.packages();
            if (packages.equals("io.cairn.node") ? first.isEmpty()
                    : packages.equals("io.cairn.node." + first + "..")) {
                return layer;
            }
        }
        throw new AssertionError("Package io.cairn.node." + relativePackage + " has no layer: add it to LAYERS");
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }

    private static Architectures.LayeredArchitecture layering() {
        Architectures.LayeredArchitecture architecture = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (Layer layer : LAYERS) {
            architecture = (layer.optional() ? architecture.optionalLayer(layer.name())
                    : architecture.layer(layer.name())).definedBy(layer.packages());
        }
        for (Layer layer : LAYERS) {
            List<String> below = new ArrayList<>();
            for (Layer other : LAYERS) {
                if (other.level() > layer.level()) {
                    below.add(other.name());
                }
            }
            architecture = below.isEmpty() ? architecture.whereLayer(layer.name()).mayNotAccessAnyLayer()
                    : architecture.whereLayer(layer.name()).mayOnlyAccessLayers(below.toArray(String[]::new));
        }
        return architecture;
    }
}
