package example.ringlog;

import txstack.conformance.junit.LfsConformance;
import txstack.spi.lfs.LogEngine;

/** The whole LFS suite against ringlog, on both sector sizes: the engine is bound in one line. */
class RingLogConformanceTest extends LfsConformance {
    @Override
    protected LogEngine engine() {
        return new RingLogEngine();
    }
}
