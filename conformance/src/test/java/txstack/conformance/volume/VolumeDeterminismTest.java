package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import txstack.conformance.engines.TxstackVolumeEngine;
import txstack.conformance.explorer.Counterexample;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.spi.volume.VolumeLayout;

/** Same seed, same outcome, whatever the number of workers: a printed replay command replays the failure. */
class VolumeDeterminismTest {

    @Test
    void aFailureReplaysExactlyFromItsSeedAndWorkload() {
        TxstackVolumeEngine engine = TxstackVolumeEngine.named("txstack:REBUILD_TRUSTS_STALE_MEMBER");
        VolumeSetup setup = VolumeSetup.defaults(VolumeLayout.RAID5);
        ExplorationResult<VolumeStep> all = VolumeTesting.run(engine, setup,
                VolumeTesting.options(Mode.EXHAUSTIVE, 5, 40));
        Counterexample<VolumeStep> first = all.counterexample().orElseThrow();
        ExplorationResult<VolumeStep> replay = VolumeTesting.run(engine, setup,
                VolumeTesting.options(Mode.EXHAUSTIVE, 5, 40).toBuilder().jobs(1).onlyWorkload(first.workload())
                        .build());
        Counterexample<VolumeStep> again = replay.counterexample().orElseThrow();
        assertEquals(first.workload(), again.workload());
        assertEquals(first.shrunk().steps(), again.shrunk().steps());
        assertEquals(first.violation(), again.violation());
    }
}
