package txstack.conformance.junit;

import txstack.conformance.engines.TxstackLogEngine;
import txstack.conformance.explorer.Mode;
import txstack.spi.lfs.LogEngine;

/** txstack's own log engine bound to the JUnit base class as a user binds theirs; a few workloads (CI time). */
class TxstackLfsConformanceTest extends LfsConformance {
    @Override
    protected LogEngine engine() {
        return new TxstackLogEngine();
    }

    @Override
    protected int workloads(Mode mode) {
        return mode == Mode.EXHAUSTIVE ? 4 : 2;
    }
}
