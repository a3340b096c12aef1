/**
 * The crash explorer: a layer-independent engine, in the manner of CrashMonkey's ACE and TigerBeetle's VOPR, that
 * runs seeded workloads against a system under test on a {@link txstack.conformance.disk.SimulatedDisk}, visits the
 * states a power loss may leave (DISK-3), shrinks a failure to a minimal workload and crash image, and reports it
 * with a one-line replay command.
 *
 * <p>A layer plugs in through {@link txstack.conformance.explorer.CaseRunner} (workloads, simpler steps for
 * shrinking) and runs each workload with the shared run skeleton {@link txstack.conformance.explorer.WorkloadRun},
 * supplying only a {@link txstack.conformance.explorer.LayerRun}: its steps, how the model applies a step, what the
 * model allows after a crash, how to recover and observe the engine, and how to judge. The skeleton owns the step
 * loop, the trace, the crash sweep over the rig's journal, crashes during recovery, fault images, the one
 * violation type ({@link txstack.conformance.explorer.Violated}) with its evidence and replay. Properties are
 * {@link txstack.conformance.explorer.Requirement}s.
 *
 * <p>{@link txstack.conformance.explorer.Explorer} runs the workloads on its workers, prints progress, and when
 * nothing has progressed for a while (an engine call that does not return) prints where each worker is; the first
 * failing workload is reported without waiting for later ones still running.
 *
 * <p>Depends on {@code txstack.conformance.rig}, {@code txstack.conformance.disk} and the JDK; knows nothing of
 * logs, models or engines. Every
 * random choice comes from a seeded {@link java.util.random.RandomGenerator}: the same seed gives the same run.
 */
package txstack.conformance.explorer;
