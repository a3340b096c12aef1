/**
 * The TLA+ specifications of the stack and the means to check them: {@link txstack.spec.SpecFiles} hands out the
 * bundled modules and models, {@link txstack.spec.Tlc} runs the TLC model checker on them in a child process,
 * {@link txstack.spec.SpecManifest} lists every model with its expected result, and {@link txstack.spec.LfsTraces}
 * writes the module that {@code LfsTrace.tla} reads to validate traces of an implementation against the spec;
 * {@link txstack.spec.RecoveryTraces} does the same for {@code LogRecoveryTrace.tla} and also reads the outcomes the
 * spec's recovery reaches at crash points.
 *
 * <p>Specs: {@code Lfs.tla}, the log file service (LFS-1..6) on a disk with a volatile write cache (DISK-2, DISK-3);
 * its invariants are listed in {@code spec/README.md} with the DOMAIN IDs they check.
 *
 * <p>Depends on the JDK and on the TLA+ tools jar (only to locate it: TLC always runs in its own JVM, since it
 * calls {@code System.exit}). Nothing here depends on the model or an implementation.
 */
package txstack.spec;
