/**
 * The service provider interface: what an engine under test implements so the conformance suite can drive it.
 *
 * <p>An engine does all its I/O through the suite's {@link txstack.conformance.spi.BlockDevice} (DISK-1..4), so
 * the suite can record every write and flush, and build every state a power loss may leave. The log file service
 * contract is {@link txstack.conformance.spi.LogService} (LFS-1..6); the volume manager's is
 * {@link txstack.conformance.spi.VolumeService} (VOL-1..8). An adapter binds an engine in a few lines.
 *
 * <p>Depends on nothing but the JDK: neither the model nor any implementation (an ArchUnit rule checks this).
 */
package txstack.conformance.spi;
