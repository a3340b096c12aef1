/**
 * The models checked against the specs: seeded random executions of a reference model written out as TLA+ traces and
 * checked by TLC. The LFS model against {@code Lfs.tla} through {@code LfsTrace.tla} ({@code ModelTraces}: reads
 * traced, crash outcomes drawn before recovery so stale pages stay behind the recovered end) and the spec-level
 * recovery model against {@code LogRecovery.tla} ({@code RecoveryModelTraces}), both ways: the traces are behaviours
 * of the spec, and at each crash point the spec's recovery reaches exactly the model's allowed outcomes. The
 * transaction and cluster models ({@code KtmModelTraces}, {@code CsvModelTraces}): the traces are behaviours of the
 * spec, and in every state the spec enables what the model enabled. And one real engine against a spec: {@code
 * EngineTraces} drives an LFS engine (txstack's in the tests) through the SPI with real power losses and its own
 * recovery, and writes what it did and returned, in {@code Lfs.tla}'s abstract LSNs, as traces TLC checks.
 *
 * <p>Depends on the model, the SPI, the LFS suite's device and rig, and on the spec module's TLC runner. Covers LFS-2..6 and REC-1..7 as far as the specs do.
 */
package txstack.conformance.trace;
