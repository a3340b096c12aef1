package txstack.conformance.junit;

import txstack.conformance.engines.TxstackPageStoreEngine;
import txstack.conformance.explorer.Mode;
import txstack.spi.recovery.PageStoreEngine;

/** txstack's recovery layer through the JUnit base class, bound in one line as an outside engine would be. */
class TxstackRecoveryConformanceTest extends RecoveryConformance {
    @Override
    protected PageStoreEngine engine() {
        return new TxstackPageStoreEngine();
    }

    @Override
    protected int workloads(Mode mode) {
        return mode == Mode.EXHAUSTIVE ? 10 : 2;
    }
}
