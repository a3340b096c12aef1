package txstack.archfixture.impl.txf;

import txstack.archfixture.impl.txr.TxrUsesKtm;

/** Breaks the peer rule on purpose: a transactional file system that calls the transactional registry. */
public final class TxfUsesTxr {
    public Object peer() {
        return new TxrUsesKtm();
    }
}
