package txstack.conformance.junit;

import java.util.EnumSet;
import java.util.Set;
import txstack.conformance.engines.TxstackMountEngine;
import txstack.conformance.explorer.Mode;
import txstack.spi.mount.MountEngine;

/**
 * txstack's mount layer through the JUnit base class, as an outside engine would bind it; the first patterns only,
 * since {@code CorrectMountConformanceTest} runs the suite in full.
 */
class TxstackMountConformanceTest extends MountConformance {
    @Override
    protected MountEngine engine() {
        return new TxstackMountEngine();
    }

    @Override
    protected Set<Mode> modes() {
        return EnumSet.of(Mode.EXHAUSTIVE);
    }

    @Override
    protected int workloads(Mode mode) {
        return 2;
    }
}
