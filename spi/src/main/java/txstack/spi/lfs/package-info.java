/**
 * The log file service contract (LFS-1..6): what a log engine implements so the LFS suite can drive it.
 *
 * <p>{@link txstack.spi.lfs.LogEngine} formats and opens a log on the device in role {@link
 * txstack.spi.disk.Devices#LOG}; {@link txstack.spi.lfs.LogService} is the open log. Depends on {@code
 * txstack.spi.disk} and the JDK only.
 *
 * <h2>The fault model the LFS suite checks an engine under</h2>
 * <ul>
 * <li>Power loss at any moment once {@code format} has returned, inside {@code open} (recovery) too: every sector
 *     holds its last durable content or that of one write issued to it since (DISK-3), so a multi-sector write may
 *     land torn and writes after the last flush land in any combination. Nothing written with force-unit-access or
 *     before a completed flush is lost. Inside {@code format} nothing is promised.</li>
 * <li>Process crash: the engine's process dies at any moment (its service dropped, never closed) while the
 *     machine keeps running, so the device still holds every write issued, those not yet durable in its volatile
 *     cache; then {@code open} runs on the same device. What {@code open} recovers counts as durable from then on: a
 *     later power loss may not take it back, so an engine that recovers from writes still in the cache flushes the
 *     device first.</li>
 * <li>A used device: every workload formats over a device that holds an earlier log of the same engine (records
 *     flushed, a restart area written). No record or restart area of it may ever be recovered.</li>
 * <li>Bit rot: one bit of one written sector flips (DISK-4). Recovery may fail or lose records then, but must never
 *     return a restart area or a record the client did not write. Silent damage to the last records flushed looks
 *     like a torn tail, and an engine may take it for one. For an engine that claims {@link
 *     txstack.spi.lfs.LogCapabilities#provesDurability()}, damage in the middle of the log may not pass for its end.
 *     In the middle means: the rotten sector is one that {@code append} and {@code flush} wrote (never a restart
 *     copy), and after the engine had acknowledged records as durable (a {@code flush} through them returned, or
 *     {@code open} recovered them), a later device write of {@code append} or {@code flush}, to another sector, became
 *     durable and is intact. That write could have said what was durable when it was issued, so {@code open}, or a
 *     read of the recovered log, must fail, or the log must show every record so acknowledged (txstack's pages carry
 *     such a durable LSN; so do the records of {@code examples/lfs-engine}).</li>
 * <li>Rot under the open log: at a workload's end, after the last recovery, one byte of a sector the client's steps
 *     wrote turns wrong on the running device, with no error, and the whole log is read forward and scanned from its
 *     start (each of a few sectors in turn). Each read must fail or return exactly the records written: an engine
 *     checks what it reads, not only what its recovery reads (DISK-4).</li>
 * <li>A clean close, then a power loss: at a workload's end the suite closes the log, the power fails, and {@code
 *     open} must show every record appended and the last restart area written ({@link
 *     txstack.spi.lfs.LogService#close} makes them durable).</li>
 * <li>A medium error: one durable sector that {@code append} and {@code flush} wrote stops reading (DISK-4). Unlike a
 *     torn or rotten page, a sector that does not read is damage whatever a power loss did, so the damage must not
 *     pass for the end of the log: {@code open}, or a read of the recovered log, must fail, or the log must be whole
 *     (every durable record, as after a power loss alone; an engine that keeps copies may manage that).</li>
 * <li>A failed write: the write of a restart-area copy in flight at a power loss (the last device write of {@link
 *     txstack.spi.lfs.LogService#writeRestartArea}) leaves its sectors unreadable. The other copy must give the
 *     newest restart area written completely and the log its records (LFS-2, LFS-6). The last write of {@code
 *     format} and of {@code open} may fail the same way; the suite assumes nothing about what those hold (an engine
 *     may write a restart copy there, zero the tail of its ring, or anything else), so recovery may fail or lose
 *     records after it, but must never return what the client did not write.</li>
 * <li>A device error on the live engine: while the engine flushes, writes its restart area or reads, one of its
 *     device writes, flushes or reads fails with an exception (a failed write changes nothing; a failed flush makes
 *     nothing durable, the writes stay in the cache; a failed read returns nothing). The engine may get past it (the
 *     call's result is then checked as ever) or throw from the call; after a throw the suite uses that service no
 *     more: the process dies and {@code open} runs on the device, and until then the call counts as in flight (its
 *     effect may or may not have reached the disk). A flush that returns must have made its records durable: one
 *     that goes on past a failed write or device flush and returns loses them.</li>
 * <li>Concurrent clients, for an engine that claims {@link txstack.spi.lfs.LogCapabilities#concurrentClients()}:
 *     several threads each append a record and flush through it at once. The suite lets one thread run at a time
 *     as far as it can see (a client runs until it waits in the engine or at the device, where every write and flush
 *     is held until the others wait), and a power loss may fall at any device operation of the step. Every record
 *     whose client's flush had returned before the power loss must survive. Some of these commits meet a device
 *     error in their flushes (the records are then appended first, one after the other, and a write or flush of the
 *     flushes fails): each client's flush must return or throw, never wait for ever, and one that returns must have
 *     made its record durable, even if the round it waited for was another client's and failed.</li>
 * </ul>
 * What an engine declares in {@link txstack.spi.lfs.LogSpace}
 * bounds what an append must accept, never what a recovery may show.
 */
package txstack.spi.lfs;
