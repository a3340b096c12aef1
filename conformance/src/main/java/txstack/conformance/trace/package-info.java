/**
 * The models checked against the specs: seeded random executions of a reference model written out as TLA+ traces and
 * checked by TLC. The LFS model against {@code Lfs.tla} through {@code LfsTrace.tla} ({@code ModelTraces}: reads
 * traced, crash outcomes drawn before recovery so stale pages stay behind the recovered end) and the spec-level
 * recovery model against {@code LogRecovery.tla} ({@code RecoveryModelTraces}), both ways: the traces are behaviours
 * of the spec, and at each crash point the spec's recovery reaches exactly the model's allowed outcomes. The
 * transaction and cluster models ({@code KtmModelTraces}, {@code CsvModelTraces}): the traces are behaviours of the
 * spec, and in every state the spec enables what the model enabled.
 *
 * <p>Depends on the model and on the spec module's TLC runner. Covers LFS-2..6 and REC-1..7 as far as the specs do.
 */
package txstack.conformance.trace;
