/**
 * Benchmarks, run by hand (never from tests, never asserted): each reports a ratio over a baseline measured in the
 * same run on the same file, because this machine is shared and noisy.
 *
 * <p>Depends on the implementation, and for the peers of {@code PeerBench} on RocksDB and H2 (this module only);
 * the microbenchmarks of {@code txstack.bench.jmh} on JMH.
 */
package txstack.bench;
