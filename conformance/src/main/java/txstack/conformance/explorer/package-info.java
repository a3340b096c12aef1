/**
 * The crash explorer: a layer-independent engine, in the manner of CrashMonkey's ACE and TigerBeetle's VOPR, that
 * runs seeded workloads against a system under test on a {@link txstack.conformance.disk.SimulatedDisk}, visits the
 * states a power loss may leave (DISK-3), shrinks a failure to a minimal workload and crash image, and reports it
 * with a one-line replay command.
 *
 * <p>A layer plugs in through {@link txstack.conformance.explorer.CaseRunner}: it generates workloads, runs one with
 * the help of a {@link txstack.conformance.explorer.CaseContext} (image choices, crash-point sampling, limits,
 * counters) and names simpler steps for shrinking. The LFS suite is the first such layer; the volume and
 * transaction suites reuse this package unchanged.
 *
 * <p>Depends on {@code txstack.conformance.disk} and the JDK; knows nothing of logs, models or engines. Every
 * random choice comes from a seeded {@link java.util.random.RandomGenerator}: the same seed gives the same run.
 */
package txstack.conformance.explorer;
