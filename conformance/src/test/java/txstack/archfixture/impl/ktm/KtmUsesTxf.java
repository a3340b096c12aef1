package txstack.archfixture.impl.ktm;

import txstack.archfixture.impl.txf.TxfUsesTxr;

/** Breaks the layer order on purpose: the transaction manager depending on a resource manager above it. */
public final class KtmUsesTxf {
    public Object resourceManager() {
        return new TxfUsesTxr();
    }
}
