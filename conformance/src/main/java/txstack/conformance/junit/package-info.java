/**
 * The suites as JUnit 5 tests, each written once as an abstract class and bound to an engine in one line:
 * {@link txstack.conformance.junit.LfsConformance} (LFS-2..6, DISK-3, DISK-4),
 * {@link txstack.conformance.junit.VolumeConformance} (VOL-1..8, DISK-3, DISK-4), {@link
 * txstack.conformance.junit.RecoveryConformance}, {@link txstack.conformance.junit.FsConformance}, {@link
 * txstack.conformance.junit.KtmConformance} and {@link txstack.conformance.junit.MountConformance} (MNT-1..7). They run with a fixed seed and a
 * bounded number of workloads, on what the engine claims in its capabilities, and fail with the suite's report.
 *
 * <p>Depends on the SPI, {@code txstack.conformance.lfs}, {@code .volume}, {@code .recovery}, {@code .fs},
 * {@code .ktm}, {@code .mount}, {@code .explorer}, the replay line of
 * {@code .cli}, and {@code junit-jupiter-api}, which the user's build provides.
 */
package txstack.conformance.junit;
