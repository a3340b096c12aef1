/**
 * JMH microbenchmarks of the hot pure functions under the log and the volumes, run by {@code bench/run-jmh} (never
 * from tests): CRC32C of a 4 KiB page ({@link txstack.bench.jmh.ChecksumBench}), the RAID-5 XOR of a stripe unit
 * ({@link txstack.bench.jmh.Raid5XorBench}) and the log's record encoding ({@link
 * txstack.bench.jmh.RecordEncodeBench}).
 *
 * <p>The implementation's own routines for these ({@code lfs.Checksums}, {@code lfs.RecordCodec}, {@code
 * volume.Xor}) are package private, and nothing is copied here: each benchmark measures the closest path reachable
 * through the public API and says in its Javadoc what else that path does. Depends on the implementation and JMH.
 */
package txstack.bench.jmh;
