/**
 * The log file service conformance suite (LFS-2, LFS-3, LFS-4, LFS-5, LFS-6, DISK-3, DISK-4), written once against
 * the SPI ({@link txstack.spi.lfs.LogEngine}) with the reference model ({@code txstack.model.lfs}) as its
 * oracle, and run by the crash explorer.
 *
 * <p>{@link txstack.conformance.lfs.LfsWorkloads} draws workloads of {@link txstack.conformance.lfs.LfsStep}s;
 * {@code LfsLayer} is the suite's side of the shared run skeleton ({@link
 * txstack.conformance.explorer.WorkloadRun}): the log on the rig's {@code log} disk, each step on the engine and on the
 * model side by side with a map between the engine's LSNs and the model's (1, 2, 3, ...), what a crash may leave
 * ({@link txstack.model.lfs.CrashedLog#recoveries()}), recovery and judging ({@code RecoveryCheck}), and the fault
 * images of a crash point (bit rot, after which an engine that claims its writes prove durability must fail
 * recovery or show every record acknowledged as durable before a later write of a client step, to another sector,
 * became durable: damage in the middle of the log is no torn tail; the last write of a restart-area write, or of the format or a recovery,
 * left unreadable: only the first is taken for a restart copy, as the SPI documents, and judged by LFS-2; the others
 * by DISK-4 alone, since the SPI does not say what they hold; and a durable sector the client's appends and flushes
 * wrote left unreadable, after which recovery must fail or show the whole log). {@link txstack.conformance.lfs.LfsSuite} binds it to
 * the explorer and names the properties for the report. Beyond power losses, workloads hold process crashes (the
 * device keeps its cache), device errors on the live engine ({@code LfsStep.DeviceError}: what a flush reported done
 * must survive; also in the flushes of a concurrent commit, where no client may wait for ever or return after the
 * round it waited for failed), appends sized to a log-full boundary ({@code LfsStep.AppendToFill}, LFS-5), scans ({@link
 * txstack.spi.lfs.LogService#scanForward}: each forward read made again as a scan to the record after it, and one
 * scan of the whole log after every recovery, each judged as a read, LFS-4), calls the SPI forbids
 * ({@code LfsStep.ForbiddenCalls}: wrong LSNs, among them a record's below the start, for reads and scans, a record or client data too
 * large, a negative count; each must be refused with {@code IllegalArgumentException} and change nothing, and the
 * model must refuse the same call in its own LSNs; the allowed calls at their edges, a read from the end and reads
 * of no records, must return nothing), a clean close at each workload's end (every call after it must throw, a second
 * close must do nothing, and after a power loss the log opened again must show every record appended: close makes
 * them durable), arrays reused by the
 * client once an append or a restart-area write returned (the suite overwrites them: an engine must keep copies),
 * sectors that rot under the open log after the last recovery (each read and scan must fail or be right, DISK-4)
 * and, for an engine that claims concurrent clients, concurrent commits ({@code LfsStep.ConcurrentCommit}: each
 * client appends and flushes on its own thread, {@code ClientSchedule} runs them one at a time, and every flush that
 * returned must survive). A client counts as waiting when the JVM shows it waiting and, on Linux, its task is not runnable ({@code KernelTask}):
 * a client just woken runs before the schedule moves on, however loaded the machine.
 *
 * <p>Depends on the SPI, the model, {@code txstack.conformance.rig} and {@code txstack.conformance.explorer}; never
 * on an implementation (an engine arrives through the SPI).
 */
package txstack.conformance.lfs;
