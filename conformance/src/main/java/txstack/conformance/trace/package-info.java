/**
 * The model checked against the spec: seeded random executions of the LFS reference model written out as TLA+
 * traces ({@code LfsTraces.tla}) and checked by TLC against {@code Lfs.tla} through {@code LfsTrace.tla}.
 *
 * <p>Depends on the model and on the spec module's TLC runner. Covers LFS-2..6 as far as the spec does.
 */
package txstack.conformance.trace;
