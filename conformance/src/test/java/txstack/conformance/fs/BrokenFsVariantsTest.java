package txstack.conformance.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackFileSystemEngine;
import txstack.conformance.explorer.Counterexample;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;

/**
 * Proof that the file-system checks bite: each deliberately broken variant of the file system must be caught, with
 * the failure shrunk to a few steps, within a bounded number of workloads (never a time limit).
 */
class BrokenFsVariantsTest {

    @ParameterizedTest(name = "{0}, {1} mode")
    @CsvSource({
        "RENAME_NOT_ATOMIC,   EXHAUSTIVE, 88,  REC-6",
        "INDEX_SPLIT_PARTIAL, RANDOM,     60,  REC-6",
        "EXPOSE_UNWRITTEN,    EXHAUSTIVE, 88,  DISK-4",
        "UNREADABLE_AS_ZEROS, EXHAUSTIVE, 88,  DISK-4",
    })
    void isCaught(String variant, Mode mode, int workloadsMax, String property) {
        check(variant, FsTesting.options(mode, 1, workloadsMax), property);
    }

    /**
     * A freed cluster reused before the free is durable shows only when a crash loses the free but keeps the reuse's
     * data: a truncation, then another file extended into the freed cluster, then a power loss before any flush. That
     * is one sequence of the two-operation space (the whole space runs by hand, {@code ./txstack conform fs
     * --workloads 7832}); CI runs that one, and the correct file system must pass it.
     */
    @Test
    void aFreedClusterReusedBeforeItsFreeIsDurableIsCaught() {
        int k = FsWorkloads.indexOf(List.of(new FsStep.SetSize("\\bar", 100),
                new FsStep.Write("\\A\\foo", 1000, 2500, 0x13)));
        ExplorerOptions options = FsTesting.options(Mode.EXHAUSTIVE, 1, k + 1).toBuilder().onlyWorkload(k).build();
        check("REUSE_FREED_EARLY", options, "DISK-4");
        assertTrue(FsTesting.run(new TxstackFileSystemEngine(), FsSetup.defaults(512), options).passed(),
                "the correct file system fails workload " + k);
    }

    private static void check(String variant, ExplorerOptions options, String property) {
        TxstackFileSystemEngine engine = TxstackFileSystemEngine.named("txstack:" + variant);
        ExplorationResult<FsStep> result = FsTesting.run(engine, FsSetup.defaults(512), options);
        int workloadsMax = options.workloads();
        assertFalse(result.passed(), variant + " was not caught in " + workloadsMax + " workloads");
        Counterexample<FsStep> c = result.counterexample().orElseThrow();
        System.out.printf("%s caught (%s) in workload %d after %.1fs; shrunk from %d to %d steps%n", variant,
                c.violation().property(), c.workload(), c.foundAfter().toMillis() / 1000.0, c.originalStepCount(),
                c.shrunk().steps().size());
        if (property != null) {
            assertEquals(property, c.violation().property().id(), c.violation().summary());
        }
        assertTrue(c.shrunk().steps().size() <= Math.min(20, c.originalStepCount()),
                "not shrunk: " + c.shrunk().steps().size() + " steps");
        assertTrue(c.shrunk().trace().contains("!! " + c.violation().property()), c.shrunk().trace());
    }
}
