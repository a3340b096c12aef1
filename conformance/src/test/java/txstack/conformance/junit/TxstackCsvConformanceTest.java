package txstack.conformance.junit;

import java.util.EnumSet;
import java.util.Set;
import txstack.conformance.engines.TxstackClusterEngine;
import txstack.conformance.explorer.Mode;
import txstack.spi.cluster.ClusterEngine;

/**
 * txstack's cluster layer through the JUnit base class, as an outside engine would bind it; the first patterns only,
 * since {@code CorrectCsvConformanceTest} runs the suite in full.
 */
class TxstackCsvConformanceTest extends CsvConformance {
    @Override
    protected ClusterEngine engine() {
        return new TxstackClusterEngine();
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
