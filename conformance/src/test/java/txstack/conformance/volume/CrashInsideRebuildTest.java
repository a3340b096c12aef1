package txstack.conformance.volume;

import static org.junit.jupiter.api.Assertions.assertFalse;
import txstack.spi.disk.Devices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import txstack.conformance.engines.TxstackVolumeEngine;
import txstack.conformance.explorer.Counterexample;
import txstack.conformance.explorer.ExplorationResult;
import txstack.conformance.explorer.Mode;
import txstack.spi.disk.BlockDevice;
import txstack.spi.volume.VolumeEngine;
import txstack.spi.volume.VolumeLayout;
import txstack.spi.volume.VolumeService;

/**
 * A crash inside a rebuild (VOL-7) hands assembly the replacement as the crash left it. An engine that cannot start
 * when one of the devices it is given is blank (a replacement whose label was never written) is caught: proof that
 * the suite does hand it over.
 */
class CrashInsideRebuildTest {

    @Test
    void anEngineThatChokesOnAHalfRebuiltReplacementIsCaught() {
        ExplorationResult<VolumeStep> result = VolumeTesting.run(new ChokesOnBlank(),
                VolumeSetup.defaults(VolumeLayout.RAID5), VolumeTesting.options(Mode.EXHAUSTIVE, 1, 60));
        assertFalse(result.passed(), "a blank replacement never reached assembly");
        Counterexample<VolumeStep> c = result.counterexample().orElseThrow();
        assertTrue(c.violation().summary().contains("blank device given to assembly"), c.violation().summary());
        assertTrue(c.shrunk().steps().stream().anyMatch(s -> s instanceof VolumeStep.Rebuild r && !r.staleDisk()),
                c.shrunk().trace());
    }

    /** The txstack engine, except that assembly refuses outright when a device's first sector is all zeros. */
    private static final class ChokesOnBlank implements VolumeEngine {
        private final TxstackVolumeEngine delegate = new TxstackVolumeEngine();

        @Override
        public String name() {
            return "chokes-on-blank";
        }

        @Override
        public VolumeService create(VolumeLayout layout, Devices members) {
            return delegate.create(layout, members);
        }

        @Override
        public VolumeService assemble(Devices present) {
            for (BlockDevice device : present.presentMembers()) {
                byte[] label = new byte[device.sectorSizeBytes()];
                device.read(0, label, 0, label.length);
                boolean blank = true;
                for (byte b : label) {
                    blank &= b == 0;
                }
                if (blank) {
                    throw new IllegalStateException("blank device given to assembly");
                }
            }
            return delegate.assemble(present);
        }
    }
}
