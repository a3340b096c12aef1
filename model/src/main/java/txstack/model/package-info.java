/**
 * The executable reference model of the storage stack: pure (no I/O, no threads, no clocks, no randomness),
 * in memory, as simple as the TLA+ specs it follows, one method per spec action with the same name.
 *
 * <p>Where the real system is nondeterministic (what a crash leaves), the model says so explicitly: it returns
 * the set of allowed outcomes instead of picking one. The conformance suite uses it as its oracle.
 *
 * <p>Depends on nothing but the JDK. Never on the implementation (an ArchUnit rule checks both).
 */
package txstack.model;
