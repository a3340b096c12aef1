package txstack.conformance.junit;

import txstack.conformance.engines.TxstackVolumeEngine;
import txstack.conformance.explorer.Mode;
import txstack.spi.volume.VolumeEngine;

/** txstack's own volume manager bound to the JUnit base class as a user binds theirs; a few workloads (CI time). */
class TxstackVolumeConformanceTest extends VolumeConformance {
    @Override
    protected VolumeEngine engine() {
        return new TxstackVolumeEngine();
    }

    @Override
    protected int workloads(Mode mode) {
        return mode == Mode.EXHAUSTIVE ? 3 : 1;
    }
}
