package txstack.conformance.junit;

import java.util.EnumSet;
import java.util.Set;
import txstack.conformance.engines.TxstackTransactionEngine;
import txstack.conformance.explorer.Mode;
import txstack.spi.ktm.TransactionEngine;

/**
 * txstack's transaction manager with TxF and TxR through the JUnit base class, as an outside engine would bind it;
 * the first patterns only, since {@code CorrectKtmConformanceTest} runs the suite in full.
 */
class TxstackKtmConformanceTest extends KtmConformance {
    @Override
    protected TransactionEngine engine() {
        return new TxstackTransactionEngine();
    }

    @Override
    protected Set<Mode> modes() {
        return EnumSet.of(Mode.EXHAUSTIVE);
    }

    @Override
    protected int workloads(Mode mode) {
        return 6;
    }
}
