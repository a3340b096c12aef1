package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.cli.ReplayCommand;
import txstack.conformance.engines.TxstackVolumeLogEngine;
import txstack.conformance.explorer.ExplorationReport;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Explorer;
import txstack.conformance.explorer.ExplorerOptions;
import txstack.conformance.explorer.Mode;
import txstack.conformance.explorer.Stats;
import txstack.conformance.lfs.LfsDevice;
import txstack.conformance.lfs.LfsStep;
import txstack.conformance.lfs.LfsSuite;
import txstack.implementation.volume.Layout;

/**
 * The LFS suite, unchanged, on the log over a mirror and over a RAID-5: every crash state of the log's disk is now a
 * power loss on every member at once, and recovery is assembly (with its resync) followed by the log's own.
 */
class LfsOnVolumeConformanceTest {

    @ParameterizedTest(name = "{0} x{1}, {2} mode, seed {3}, {4} workloads")
    @CsvSource({
        "MIRROR, 2, EXHAUSTIVE, 11, 12, 8000",
        "RAID5,  3, EXHAUSTIVE, 12, 12, 8000",
        "RAID5,  3, RANDOM,     13, 4,  2000",
    })
    void logPassesOnAVolume(Layout layout, int members, Mode mode, long seed, int workloads, long crashStatesFloor) {
        TxstackVolumeLogEngine engine = new TxstackVolumeLogEngine(layout, members);
        LfsDevice device = new LfsDevice(512, TxstackVolumeLogEngine.deviceSectorsFor(layout, members, 64));
        ExplorerOptions options = ExplorerOptions.builder(mode).seed(seed).workloads(workloads)
                .jobs(VolumeTesting.JOBS).timeLimit(VolumeTesting.TIME_LIMIT)
                .progressInterval(Duration.ofSeconds(10)).build();
        ExplorationResult<LfsStep> result = new Explorer<>(new LfsSuite(engine, device, mode), options, System.out)
                .run();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("engine", engine.name());
        header.put("device", device.sectorCount() + " sectors x 512 bytes, " + members + " partitions");
        System.out.println(ExplorationReport.render("txstack conformance: LFS on a volume (test)", header,
                LfsSuite.PROPERTIES, result, k -> ReplayCommand.lfs(engine.name(), device, options, k)));
        assertTrue(result.passed(), () -> "violation: " + result.counterexample().orElseThrow().violation());
        assertEquals(workloads, result.workloadsCompleted(), "every workload ran to the end");
        long crashStates = result.stats().get(Stats.Counter.CRASH_STATES);
        System.out.printf("LFS on %s x%d, %s: %,d crash states, %,d recoveries (%,d during recovery) in %.1fs%n",
                layout, members, mode, crashStates, result.stats().get(Stats.Counter.RECOVERIES),
                result.stats().get(Stats.Counter.RECOVERY_CRASH_STATES), result.elapsed().toMillis() / 1000.0);
        assertTrue(crashStates >= crashStatesFloor, "crash states checked: " + crashStates + " < floor "
                + crashStatesFloor);
    }
}
