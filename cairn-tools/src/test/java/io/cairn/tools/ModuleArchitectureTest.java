package io.cairn.tools;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The modules' architecture, checked on the main code of every module (docs/ARCHITECTURE.md,
 * "Modules"). These rules live here because cairn-tools has every other module on its test
 * classpath (cairn-server brings cairn-node, cairn-protocol and what they use; cairn-sim is a
 * direct dependency), so one test sees the whole code base. Only cairn-benchmarks is out of
 * reach (nothing depends on it). cairn-node's own package layering and cycles are checked in
 * cairn-node ({@code io.cairn.node.PackageLayeringTest}), where its developers run them.
 */
class ModuleArchitectureTest {

    /**
     * Each module's root package and the modules it may use. Maven's dependencies already
     * forbid the rest; the rule keeps it so when a pom gains a dependency.
     */
    private static final Map<String, Set<String>> MAY_USE = modules();

    private static Map<String, Set<String>> modules() {
        Map<String, Set<String>> modules = new LinkedHashMap<>();
        modules.put("common", Set.of());
        modules.put("cql", Set.of("common"));
        modules.put("storage", Set.of("common"));
        modules.put("protocol", Set.of("common", "cql"));
        modules.put("cluster", Set.of("common"));
        modules.put("node", Set.of("common", "cql", "storage", "cluster"));
        modules.put("sim", Set.of("common", "cql", "storage", "cluster", "node"));
        modules.put("server", Set.of("common", "cql", "storage", "cluster", "node", "protocol"));
        modules.put("tools", Set.of("common", "cql", "storage", "cluster", "node", "protocol", "sim", "server"));
        return modules;
    }

    private static final JavaClasses MAIN_CODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cairn");

    static List<String> modulesOtherThanNode() {
        return MAY_USE.keySet().stream().filter(module -> !module.equals("node")).toList();
    }

    static List<String> modulesThatMayNotUseEveryOther() {
        return MAY_USE.keySet().stream().filter(module -> forbiddenFor(module).length > 0).toList();
    }

    @ParameterizedTest(name = "io.cairn.{0}")
    @MethodSource("modulesThatMayNotUseEveryOther")
    void moduleUsesOnlyTheModulesBelowIt(String module) {
        noClasses().that().resideInAPackage("io.cairn." + module + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbiddenFor(module))
                .check(MAIN_CODE);
    }

    @ParameterizedTest(name = "io.cairn.{0}")
    @MethodSource("modulesOtherThanNode")
    void packagesOfAModuleFormNoCycles(String module) {
        slices().matching("io.cairn.(**)").namingSlices("$1")
                .should().beFreeOfCycles()
                .check(MAIN_CODE.that(resideInAPackage("io.cairn." + module + "..")));
    }

    /**
     * Node and cluster code composes stages and never waits on a future: a waiting thread is a
     * thread the simulator cannot run and a production stage that stalls.
     */
    @Test
    void nodeAndClusterCodeNeverWaitsOnAFuture() {
        noClasses().that().resideInAnyPackage("io.cairn.node..", "io.cairn.cluster..")
                .should().accessTargetWhere(target(owner(assignableTo(Future.class)))
                        .and(target(nameMatching("join|get"))))
                .because("node and cluster code composes stages instead of blocking a thread on them")
                .check(MAIN_CODE);
    }

    private static String[] forbiddenFor(String module) {
        List<String> forbidden = new ArrayList<>();
        for (String other : MAY_USE.keySet()) {
            if (!other.equals(module) && !MAY_USE.get(module).contains(other)) {
                forbidden.add("io.cairn." + other + "..");
            }
        }
        return forbidden.toArray(String[]::new);
    }
}
