package txstack.conformance.fs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackFileSystemEngine;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Requirement;
import txstack.conformance.explorer.Stats;

/**
 * The txstack file system passes the file-system suite, and the suite really explores: the whole one-operation
 * space and a sample of the two-operation space in exhaustive mode, long workloads in random mode; crash states are
 * counted and must reach a floor (about half of what these runs check today: 5,020, 338 and 3,098), crashes during
 * recovery and power-loss steps happen, every property is checked, damaged volumes are reported as damaged and
 * damaged file data shows as such (the contract's "Damaged media"). Workload 54 of the exhaustive space (extend a
 * file inside the sector holding its valid data length, crash before the flush) once showed a sector of old bytes
 * below the VDL and zeros above it; the VDL now counts in whole sectors.
 */
class CorrectFsConformanceTest {

    @ParameterizedTest(name = "{0} mode, {1}-byte sectors, {3} workloads")
    @CsvSource({
        "EXHAUSTIVE, 512,  20261121, 300, 2500",
        "EXHAUSTIVE, 4096, 20261121, 88,  150",
        "RANDOM,     512,  20261121, 10,  1500",
    })
    void passesEveryProperty(Mode mode, int sectorSize, long seed, int workloads, long crashStatesFloor) {
        ExplorationResult<FsStep> result = FsTesting.run(new TxstackFileSystemEngine(), FsSetup.defaults(sectorSize),
                FsTesting.options(mode, seed, workloads));
        assertTrue(result.passed(), () -> result.counterexample().orElseThrow().violation().toString());
        long crashStates = result.stats().get(Stats.Counter.CRASH_STATES);
        System.out.printf("correct file system, %s %d: %,d crash states, %,d during recovery, %,d recoveries%n",
                mode, sectorSize, crashStates, result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES),
                result.stats().get(Stats.Counter.RECOVERIES));
        assertTrue(crashStates >= crashStatesFloor, "crash states checked: " + crashStates + " < floor "
                + crashStatesFloor);
        assertTrue(result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES) > 0, "no crash during recovery checked");
        for (Stats.Counter damage : new Stats.Counter[] {Stats.Counter.DAMAGE_REPORTED,
                Stats.Counter.DAMAGE_IN_FILE_DATA}) {
            assertTrue(result.stats().get(damage) > 0, "no " + damage.label());
        }
        Map<Requirement, Long> checks = result.stats().propertyChecks();
        for (Requirement r : new Requirement[] {Requirement.REC_2, Requirement.REC_4, Requirement.REC_5,
                Requirement.REC_6, Requirement.DISK_2, Requirement.DISK_4}) {
            assertTrue(checks.getOrDefault(r, 0L) > 0, r + " was never checked: " + checks);
        }
        if (mode == Mode.RANDOM) {
            assertTrue(result.stats().get(Stats.Counter.EXPLICIT_CRASHES) > 0, "no workload lost power in a step");
            assertTrue(checks.getOrDefault(Requirement.MNT_6, 0L) > 0, "no reparse through a directory: " + checks);
        }
    }
}
