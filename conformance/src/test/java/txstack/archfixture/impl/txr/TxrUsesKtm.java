package txstack.archfixture.impl.txr;

import txstack.archfixture.impl.ktm.KtmFixture;

/** Keeps the rules: a resource manager that enlists with the transaction manager below it. */
public final class TxrUsesKtm {
    public Object enlist() {
        return new KtmFixture();
    }
}
