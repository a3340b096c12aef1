package txstack.conformance.fs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;

/**
 * The suite's harness on an engine written apart from txstack's file system: a correct one passes both modes, and
 * the same engine without its device flush is caught (a flushed file lost after a power loss).
 */
class SnapshotFsEngineTest {

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aCorrectEnginePasses(Mode mode) {
        ExplorationResult<FsStep> result = FsTesting.run(SnapshotFsEngine.correct(), FsSetup.defaults(512),
                FsTesting.options(mode, 20261121, mode == Mode.EXHAUSTIVE ? 120 : 6));
        assertTrue(result.passed(), () -> result.counterexample().orElseThrow().toString());
        assertTrue(result.stats().get(Stats.Counter.CRASH_STATES) > 100, "too few crash states: "
                + result.stats().get(Stats.Counter.CRASH_STATES));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void anEngineWhoseFlushDoesNotFlushIsCaught(Mode mode) {
        ExplorationResult<FsStep> result = FsTesting.run(SnapshotFsEngine.broken(), FsSetup.defaults(512),
                FsTesting.options(mode, 1, 60));
        assertFalse(result.passed(), "a flush that does not flush the device was not caught");
        String property = result.counterexample().orElseThrow().violation().property().id();
        assertTrue(property.equals("REC-5") || property.equals("DISK-2") || property.equals("REC-4"), property);
    }
}
