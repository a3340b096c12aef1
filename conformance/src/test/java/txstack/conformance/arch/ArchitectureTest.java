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
import txstack.archfixture.impl.lfs.LfsFixture;
import txstack.archfixture.model.ModelDoesIo;
import txstack.archfixture.model.ModelStartsThread;
import txstack.archfixture.model.ModelUsesImplementation;

/**
 * The dependency rules of ARCHITECTURE.md, checked on the production classes of every module. Each rule is also
 * run on a small fixture that breaks it, so a rule that matches nothing (a renamed package) fails here too.
 */
class ArchitectureTest {

    /** The layers of the stack, lowest first (DOMAIN.md order). A layer never depends on a higher one. */
    static final List<String> LAYERS = List.of("disk", "volume", "lfs", "recovery", "txf", "txr", "ktm", "mount",
            "cluster");

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
        return noClasses().that().resideInAPackage("txstack.conformance.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("txstack.model..", "txstack.implementation..",
                        "txstack.spec..")
                .orShould().dependOnClassesThat().resideOutsideOfPackages("txstack.conformance.spi..", "java..")
                .because("an engine from elsewhere implements the SPI with nothing else on its class path");
    }

    /** For each module and layer: no dependency on any higher layer of the same module. */
    static List<ArchRule> layering(String module) {
        List<ArchRule> rules = new ArrayList<>();
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            String[] higher = LAYERS.subList(i + 1, LAYERS.size()).stream()
                    .map(layer -> "txstack." + module + "." + layer + "..").toArray(String[]::new);
            rules.add(noClasses().that().resideInAPackage("txstack." + module + "." + LAYERS.get(i) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(higher)
                    .allowEmptyShould(true)
                    .as("txstack." + module + "." + LAYERS.get(i) + " depends on no higher layer "
                            + Arrays.toString(higher)));
        }
        return rules;
    }

    /**
     * Inside the suite: the simulated disk and the explorer know no layer; the LFS properties know the model but no
     * implementation (they talk to engines only through the SPI); only the engines bind an implementation.
     */
    static List<ArchRule> conformanceLayering() {
        return List.of(
                noClasses().that().resideInAnyPackage("txstack.conformance.disk..", "txstack.conformance.explorer..")
                        .should().dependOnClassesThat().resideInAnyPackage("txstack.model..",
                                "txstack.implementation..", "txstack.conformance.lfs..",
                                "txstack.conformance.volume..", "txstack.conformance.engines..",
                                "txstack.conformance.cli..")
                        .as("the simulated disk and the explorer are independent of any layer"),
                noClasses().that().resideInAPackage("txstack.conformance.lfs..")
                        .should().dependOnClassesThat().resideInAnyPackage("txstack.implementation..",
                                "txstack.conformance.engines..", "txstack.conformance.cli..")
                        .as("the LFS properties are written once against the SPI and the model"),
                noClasses().that().resideInAPackage("txstack.conformance.volume..")
                        .should().dependOnClassesThat().resideInAnyPackage("txstack.implementation..",
                                "txstack.conformance.engines..", "txstack.conformance.cli..",
                                "txstack.conformance.lfs..")
                        .as("the volume properties are written once against the SPI and the model"),
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
                "txstack.conformance.spi", "txstack.conformance.lfs", "txstack.conformance.engines",
                "txstack.conformance.explorer", "txstack.conformance.disk", "txstack.conformance.volume",
                "txstack.model.volume", "txstack.implementation.volume")) {
            assertTrue(production.containPackage(pkg), "no classes imported from " + pkg);
        }
    }

    @Test
    void theRulesBite() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(ModelDoesIo.class, ModelStartsThread.class,
                ModelUsesImplementation.class, DiskUsesLfs.class, LfsFixture.class);
        assertViolated(modelDoesNoIo("txstack.archfixture.model").evaluate(fixtures), "ModelDoesIo");
        assertViolated(modelDoesNoIo("txstack.archfixture.model").evaluate(fixtures), "ModelStartsThread");
        assertViolated(modelNeverDependsOnImplementation("txstack.archfixture.model").evaluate(fixtures), "ModelUsesImplementation");
        EvaluationResult layered = layering("archfixture.impl").get(0).evaluate(fixtures);
        assertViolated(layered, "DiskUsesLfs");
        assertFalse(layering("archfixture.impl").get(2).evaluate(fixtures).hasViolation(),
                "lfs using nothing higher is fine");
    }

    private static void assertViolated(EvaluationResult result, String className) {
        assertTrue(result.hasViolation() && result.getFailureReport().toString().contains(className),
                "expected a violation by " + className + " but got: " + result.getFailureReport());
    }
}
