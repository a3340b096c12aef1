package txstack.conformance.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import txstack.archfixture.impl.disk.DiskUsesLfs;
import txstack.archfixture.impl.ktm.KtmUsesTxf;
import txstack.archfixture.impl.lfs.LfsFixture;
import txstack.archfixture.impl.txf.TxfUsesTxr;
import txstack.archfixture.impl.txr.TxrUsesKtm;
import txstack.archfixture.model.ModelDoesIo;
import txstack.archfixture.model.ModelStartsThread;
import txstack.archfixture.model.ModelUsesImplementation;

/**
 * The dependency rules of ARCHITECTURE.md, checked on the production classes of every module. Each rule is also
 * run on a small fixture that breaks it, so a rule that matches nothing (a renamed package) fails here too.
 */
class ArchitectureTest {

    /**
     * The layers of the stack, lowest first; a layer never depends on a higher one. The resource managers (txf, txr)
     * enlist with the transaction manager (ktm), which calls them back: so ktm sits below them, and the two are peers
     * on one level that never depend on each other.
     */
    static final List<List<String>> LEVELS = List.of(List.of("disk"), List.of("volume"), List.of("lfs"),
            List.of("recovery"), List.of("fs"), List.of("ktm"), List.of("txf", "txr"), List.of("mount"),
            List.of("cluster"));

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                // Under `mvn verify` the other modules arrive as jars: import them, but only txstack's packages.
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("txstack");
    }

    static ArchRule modelNeverDependsOnImplementation(String modelPackage) {
        return noClasses().that().resideInAPackage(modelPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage("txstack.implementation..", "txstack.conformance..")
                .because("the model and the implementation are two independent versions checked against each other");
    }

    static ArchRule implementationNeverDependsOnModel() {
        return noClasses().that().resideInAPackage("txstack.implementation..")
                .should().dependOnClassesThat().resideInAnyPackage("txstack.model..", "txstack.conformance..")
                .because("the model and the implementation are two independent versions checked against each other");
    }

    static ArchRule modelDoesNoIo(String modelPackage) {
        return noClasses().that().resideInAPackage(modelPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..",
                        "java.util.concurrent..", "java.time..", "java.util.random..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.util.Random.class.getName())
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .because("the model is pure: no I/O, no threads, no clocks, no randomness (ARCHITECTURE.md)");
    }

    static ArchRule spiDependsOnNeither() {
        return noClasses().that().resideInAPackage("txstack.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("txstack.model..", "txstack.implementation..",
                        "txstack.spec..", "txstack.conformance..")
                .orShould().dependOnClassesThat().resideOutsideOfPackages("txstack.spi..", "java..")
                .because("an engine from elsewhere implements the SPI with nothing else on its class path");
    }

    /**
     * For each module and layer: no dependency on any higher layer of the same module, nor on a peer of its own
     * level (txf and txr never depend on each other).
     */
    static List<ArchRule> layering(String module) {
        List<ArchRule> rules = new ArrayList<>();
        for (int level = 0; level < LEVELS.size(); level++) {
            for (String layer : LEVELS.get(level)) {
                List<String> forbidden = new ArrayList<>();
                LEVELS.get(level).stream().filter(peer -> !peer.equals(layer)).forEach(forbidden::add);
                LEVELS.subList(level + 1, LEVELS.size()).forEach(forbidden::addAll);
                if (forbidden.isEmpty()) {
                    continue;
                }
                String[] packages = forbidden.stream().map(l -> "txstack." + module + "." + l + "..")
                        .toArray(String[]::new);
                rules.add(noClasses().that().resideInAPackage("txstack." + module + "." + layer + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(packages)
                        .allowEmptyShould(true)
                        .as("txstack." + module + "." + layer + " depends on no higher layer or peer "
                                + Arrays.toString(packages)));
            }
        }
        return rules;
    }

    /** The layering rule of one layer of a module, by name. */
    static ArchRule layerRule(String module, String layer) {
        return layering(module).stream()
                .filter(r -> r.getDescription().startsWith("txstack." + module + "." + layer + " "))
                .findFirst().orElseThrow();
    }

    /**
     * Inside the suite: the simulated disk and the explorer know no layer; the LFS properties know the model but no
     * implementation (they talk to engines only through the SPI); only the engines bind an implementation.
     */
    static List<ArchRule> conformanceLayering() {
        return List.of(
                noClasses().that().resideInAnyPackage("txstack.conformance.disk..", "txstack.conformance.rig..",
                                "txstack.conformance.explorer..")
                        .should().dependOnClassesThat().resideInAnyPackage("txstack.model..",
                                "txstack.implementation..", "txstack.conformance.lfs..",
                                "txstack.conformance.volume..", "txstack.conformance.engines..",
                                "txstack.conformance.cli..")
                        .as("the simulated disk, the rig and the run skeleton are independent of any layer"),
                noClasses().that().resideInAnyPackage("txstack.conformance.disk..", "txstack.conformance.rig..")
                        .should().dependOnClassesThat().resideInAPackage("txstack.conformance.explorer..")
                        .as("the rig knows nothing of explorations"),
                noClasses().that().resideInAPackage("txstack.conformance.lfs..")
                        .should().dependOnClassesThat().resideInAnyPackage("txstack.implementation..",
                                "txstack.conformance.engines..", "txstack.conformance.cli..")
                        .as("the LFS properties are written once against the SPI and the model"),
                noClasses().that().resideInAPackage("txstack.conformance.volume..")
                        .should().dependOnClassesThat().resideInAnyPackage("txstack.implementation..",
                                "txstack.conformance.engines..", "txstack.conformance.cli..",
                                "txstack.conformance.lfs..")
                        .as("the volume properties are written once against the SPI and the model"),
                noClasses().that().resideInAnyPackage("txstack.conformance.recovery..", "txstack.conformance.fs..",
                                "txstack.conformance.ktm..", "txstack.conformance.mount..", "txstack.conformance.cluster..")
                        .should().dependOnClassesThat().resideInAnyPackage("txstack.implementation..",
                                "txstack.conformance.engines..", "txstack.conformance.cli..",
                                "txstack.conformance.lfs..", "txstack.conformance.volume..")
                        .as("the recovery, file-system, transaction, mount and CSV properties are written once "
                                + "against the SPI and the model"),
                noClasses().that().resideInAPackage("txstack.conformance.engines..")
                        .should().dependOnClassesThat().resideInAnyPackage("txstack.model..",
                                "txstack.conformance.lfs..", "txstack.conformance.volume..",
                                "txstack.conformance.explorer..", "txstack.conformance.cli..")
                        .as("an engine adapter binds an implementation to the SPI and nothing else"));
    }

    @TestFactory
    List<DynamicTest> conformancePackagesKeepTheirPlace() {
        return conformanceLayering().stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(production)))
                .toList();
    }

    @Test
    void modelNeverDependsOnImplementationOrSuite() {
        modelNeverDependsOnImplementation("txstack.model").check(production);
    }

    @Test
    void implementationNeverDependsOnModelOrSuite() {
        implementationNeverDependsOnModel().check(production);
    }

    @Test
    void modelIsPure() {
        modelDoesNoIo("txstack.model").check(production);
    }

    @Test
    void spiStandsAlone() {
        spiDependsOnNeither().check(production);
    }

    @TestFactory
    List<DynamicTest> layersOnlyDependDownward() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String module : List.of("implementation", "model")) {
            for (ArchRule rule : layering(module)) {
                tests.add(DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(production)));
            }
        }
        return tests;
    }

    @Test
    void theRulesSeeTheModules() {
        // If a module were renamed, every rule above would pass vacuously.
        for (String pkg : List.of("txstack.model.lfs", "txstack.implementation.lfs", "txstack.implementation.disk",
                "txstack.spi.disk", "txstack.spi.lfs", "txstack.spi.volume", "txstack.spi.fs",
                "txstack.conformance.lfs", "txstack.conformance.fs", "txstack.model.fs", "txstack.implementation.fs",
                "txstack.conformance.engines", "txstack.conformance.explorer", "txstack.conformance.disk",
                "txstack.conformance.rig", "txstack.conformance.volume", "txstack.model.volume",
                "txstack.implementation.volume", "txstack.spi.ktm", "txstack.spi.mount", "txstack.model.ktm",
                "txstack.model.mount", "txstack.model.cluster", "txstack.implementation.ktm",
                "txstack.implementation.mount", "txstack.conformance.ktm", "txstack.conformance.mount",
                "txstack.spi.cluster", "txstack.implementation.cluster", "txstack.conformance.cluster")) {
            assertTrue(production.containPackage(pkg), "no classes imported from " + pkg);
        }
    }

    @Test
    void theRulesBite() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(ModelDoesIo.class, ModelStartsThread.class,
                ModelUsesImplementation.class, DiskUsesLfs.class, LfsFixture.class, TxfUsesTxr.class, KtmUsesTxf.class,
                TxrUsesKtm.class);
        assertViolated(modelDoesNoIo("txstack.archfixture.model").evaluate(fixtures), "ModelDoesIo");
        assertViolated(modelDoesNoIo("txstack.archfixture.model").evaluate(fixtures), "ModelStartsThread");
        assertViolated(modelNeverDependsOnImplementation("txstack.archfixture.model").evaluate(fixtures), "ModelUsesImplementation");
        EvaluationResult layered = layerRule("archfixture.impl", "disk").evaluate(fixtures);
        assertViolated(layered, "DiskUsesLfs");
        assertFalse(layerRule("archfixture.impl", "lfs").evaluate(fixtures).hasViolation(),
                "lfs using nothing higher is fine");
        assertViolated(layerRule("archfixture.impl", "txf").evaluate(fixtures), "TxfUsesTxr");
        assertViolated(layerRule("archfixture.impl", "ktm").evaluate(fixtures), "KtmUsesTxf");
        assertFalse(layerRule("archfixture.impl", "txr").evaluate(fixtures).hasViolation(),
                "txr using ktm below it is fine");
    }

    private static void assertViolated(EvaluationResult result, String className) {
        assertTrue(result.hasViolation() && result.getFailureReport().toString().contains(className),
                "expected a violation by " + className + " but got: " + result.getFailureReport());
    }
}
