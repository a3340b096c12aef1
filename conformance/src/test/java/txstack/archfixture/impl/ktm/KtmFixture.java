package txstack.archfixture.impl.ktm;

/** A transaction manager that uses nothing. */
public final class KtmFixture {
}
