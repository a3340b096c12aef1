package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import txstack.conformance.engines.TxstackVolumeEngine;
import txstack.conformance.explorer.Counterexample;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.spi.volume.VolumeLayout;

/**
 * Proof that the volume checks bite: each deliberately broken variant of the volume manager must be caught, with the
 * failure shrunk to a few steps, within a bounded number of workloads (never a time limit).
 */
class BrokenVolumeVariantsTest {

    @ParameterizedTest(name = "{0} on {1}, {2} mode")
    @CsvSource({
        "PARITY_NOT_UPDATED_ON_PARTIAL_STRIPE, RAID5,  EXHAUSTIVE, 20, ",
        "NO_WRITE_HOLE_PROTECTION,             RAID5,  EXHAUSTIVE, 20, VOL-8",
        "REBUILD_TRUSTS_STALE_MEMBER,          RAID5,  EXHAUSTIVE, 40, ",
        "REBUILD_TRUSTS_STALE_MEMBER,          MIRROR, EXHAUSTIVE, 40, ",
        "MIRROR_RESYNC_SKIPPED,                MIRROR, EXHAUSTIVE, 20, VOL-2",
        "NO_WRITE_HOLE_PROTECTION,             RAID5,  RANDOM,     10, VOL-8",
        "DROP_MEMBER_ON_SECTOR_ERROR,          RAID5,  EXHAUSTIVE, 40, VOL-6",
        "DROP_MEMBER_ON_SECTOR_ERROR,          MIRROR, RANDOM,     20, DISK-4",
    })
    void isCaught(String variant, VolumeLayout layout, Mode mode, int workloadsMax, String property) {
        TxstackVolumeEngine engine = TxstackVolumeEngine.named("txstack:" + variant);
        ExplorationResult<VolumeStep> result = VolumeTesting.run(engine, VolumeSetup.defaults(layout),
                VolumeTesting.options(mode, 1, workloadsMax));
        assertFalse(result.passed(), variant + " was not caught in " + workloadsMax + " workloads");
        Counterexample<VolumeStep> c = result.counterexample().orElseThrow();
        System.out.printf("%s on %s caught (%s) in workload %d after %.1fs; shrunk from %d to %d steps%n", variant,
                layout, c.violation().property(), c.workload(), c.foundAfter().toMillis() / 1000.0,
                c.originalStepCount(), c.shrunk().steps().size());
        if (property != null) {
            assertEquals(property, c.violation().property().id(), c.violation().summary());
        }
        assertTrue(c.shrunk().steps().size() <= Math.min(8, c.originalStepCount()),
                "not shrunk: " + c.shrunk().steps().size() + " steps");
        assertTrue(c.shrunk().trace().contains("!! " + c.violation().property()), c.shrunk().trace());
    }
}
