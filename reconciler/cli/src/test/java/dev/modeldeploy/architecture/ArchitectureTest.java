package dev.modeldeploy.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's modules and the packages each holds, checked over the compiled production classes of every
 * module (this module's test classpath holds them all): dependencies point one way (cli → server → engine,
 * embedded; nothing back), no package cycles in the reconciler, the mock API server only inside embedded, no package in two modules.
 */
class ArchitectureTest {
    static final String[] ENGINE = {"dev.modeldeploy.cache..", "dev.modeldeploy.cluster..", "dev.modeldeploy.diff..",
        "dev.modeldeploy.health..", "dev.modeldeploy.leader..", "dev.modeldeploy.metrics..",
        "dev.modeldeploy.ownership..", "dev.modeldeploy.pipeline..", "dev.modeldeploy.prune..", "dev.modeldeploy.sync.."};
    static final String[] EMBEDDED = {"dev.modeldeploy.embedded.."};
    static final String[] SERVER = {"dev.modeldeploy.analysis..", "dev.modeldeploy.api..", "dev.modeldeploy.auth..",
        "dev.modeldeploy.daemon..", "dev.modeldeploy.delivery..", "dev.modeldeploy.web.."};
    static final String[] CLI = {"dev.modeldeploy.cli..", "dev.modeldeploy.plan.."};
    /** The modules upstream of the reconciler (git-watcher, manifest-schema, renderers, feedback-exporter). */
    static final String[] UPSTREAM = {"dev.modeldeploy.git..", "dev.modeldeploy.manifest..", "dev.modeldeploy.render..",
        "dev.modeldeploy.rollout..", "dev.modeldeploy.feedback.."};
    /** The test kit (a real API server for tests): a test dependency, never one of production code. */
    static final String[] TESTKIT = {"dev.modeldeploy.kube.."};
    static final String[] MOCK_SERVER = {"io.fabric8.mockwebserver..", "io.fabric8.kubernetes.client.server.mock.."};

    /** Production classes only: test classes (and test jars shared between modules' tests) are left out. */
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ArchitectureTest::isProductionCode)
            .importPackages("dev.modeldeploy");

    static boolean isProductionCode(Location location) {
        String uri = location.asURI().toString();
        return !uri.contains("/test-classes/") && !uri.contains("-tests.jar");
    }

    @Test
    void seesEveryModule() {
        for (String[] module : new String[][] {ENGINE, EMBEDDED, SERVER, CLI, UPSTREAM}) {
            for (String pattern : module) {
                String pkg = pattern.substring(0, pattern.length() - 2);
                assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                        .as("classes of %s on the classpath", pkg).isTrue();
            }
        }
    }

    @Test
    void dependenciesPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy(CLI)
                .layer("server").definedBy(SERVER)
                .layer("engine").definedBy(ENGINE)
                .layer("embedded").definedBy(EMBEDDED)
                .layer("upstream").definedBy(UPSTREAM)
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("server").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("server", "cli")
                .whereLayer("embedded").mayOnlyBeAccessedByLayers("server", "cli")
                .whereLayer("upstream").mayOnlyBeAccessedByLayers("engine", "embedded", "server", "cli")
                .check(CLASSES);
    }

    /**
     * Over the reconciler's own packages; a cycle through an upstream module cannot close, since nothing upstream
     * depends on the reconciler ({@link #dependenciesPointOneWay()}).
     */
    @Test
    void noPackageCyclesInTheReconciler() {
        JavaClasses reconciler = CLASSES.that(resideInAnyPackage(concat(ENGINE, EMBEDDED, SERVER, CLI)));
        slices().matching("dev.modeldeploy.(**)").should().beFreeOfCycles().check(reconciler);
    }

    private static String[] concat(String[]... groups) {
        return Stream.of(groups).flatMap(Stream::of).toArray(String[]::new);
    }

    @Test
    void theEngineKnowsNoHttpServerNoCliAndNoMockServer() {
        noClasses().that().resideInAnyPackage(ENGINE)
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "picocli..", "jakarta.servlet..",
                        "org.eclipse.jetty..", "com.nimbusds..", "io.micrometer.prometheusmetrics..")
                .check(CLASSES);
    }

    @Test
    void onlyTheEmbeddedClusterBuildsOnTheMockServer() {
        noClasses().that().resideOutsideOfPackages(EMBEDDED)
                .should().dependOnClassesThat().resideInAnyPackage(MOCK_SERVER)
                .check(CLASSES);
    }

    @Test
    void noProductionCodeBuildsOnTheTestKit() {
        noClasses().that().resideOutsideOfPackages(TESTKIT)
                .should().dependOnClassesThat().resideInAnyPackage(TESTKIT)
                .check(CLASSES);
    }

    @Test
    void theServerKnowsNoCommandLine() {
        noClasses().that().resideInAnyPackage(SERVER)
                .should().dependOnClassesThat().resideInAnyPackage("picocli..")
                .check(CLASSES);
    }

    @Test
    void everyPackageLivesInOneModule() {
        Map<String, Set<String>> places = new TreeMap<>();
        for (JavaClass type : CLASSES) {
            String uri = type.getSource().orElseThrow().getUri().toString();
            String root = uri.contains("!/") ? uri.substring(0, uri.indexOf("!/"))
                    : uri.substring(0, uri.indexOf(type.getPackageName().replace('.', '/') + "/"));
            places.computeIfAbsent(type.getPackageName(), p -> new TreeSet<>()).add(root);
        }
        places.values().removeIf(roots -> roots.size() == 1);
        assertThat(places).as("packages found in more than one module").isEmpty();
    }
}
