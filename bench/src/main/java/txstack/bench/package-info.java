/**
 * Benchmarks, run by hand (never from tests, never asserted): each reports a ratio over a baseline measured in the
 * same run on the same file, because this machine is shared and noisy.
 *
 * <p>Depends on the implementation only.
 */
package txstack.bench;
