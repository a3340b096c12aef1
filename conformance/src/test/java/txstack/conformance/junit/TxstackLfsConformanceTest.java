package txstack.conformance.junit;

import txstack.conformance.engines.TxstackLogEngine;
import txstack.spi.lfs.LogEngine;

/** txstack's own log engine bound to the JUnit base class as a user binds theirs; a few workloads (CI time). */
class TxstackLfsConformanceTest extends LfsConformance {
    @Override
    protected LogEngine engine() {
        return new TxstackLogEngine();
    }

    @Override
    protected int workloads() {
        return 4;
    }
}
