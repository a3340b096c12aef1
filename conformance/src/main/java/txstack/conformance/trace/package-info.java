/**
 * The model checked against the spec: seeded random executions of the LFS reference model written out as TLA+
 * traces ({@code LfsTraces.tla}) and checked by TLC against {@code Lfs.tla} through {@code LfsTrace.tla}; and
 * the same for the spec-level recovery model against {@code LogRecovery.tla} ({@code RecoveryModelTraces}), both
 * ways: the traces are behaviours of the spec, and at each crash point the spec's recovery reaches exactly the
 * model's allowed outcomes.
 *
 * <p>Depends on the model and on the spec module's TLC runner. Covers LFS-2..6 and REC-1..7 as far as the specs do.
 */
package txstack.conformance.trace;
