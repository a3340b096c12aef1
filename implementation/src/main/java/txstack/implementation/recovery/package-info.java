/**
 * The recovery layer (REC-1..7): NTFS-style write-ahead logging over the log file service, ARIES in miniature. A
 * {@link txstack.implementation.recovery.RecoverableStore} keeps pages on a data device (one page per sector) and
 * logs every change to them in a {@link txstack.implementation.lfs.LogFile} on a log device, so that its {@link
 * txstack.implementation.recovery.Transaction}s commit or roll back as a whole, also across a crash.
 *
 * <ul>
 *   <li>Physiological records ({@code StoreRecord}, byte diagram in {@code StoreRecordCodec}), one LFS record each:
 *       update (page, offset, redo and undo bytes), compensation (CLR: redo bytes, undo-next LSN), commit, end,
 *       begin and end checkpoint (dirty-page and transaction tables). Each names its transaction's previous
 *       record.</li>
 *   <li>A bounded page cache ({@code PageCache}) with steal and no-force; the write-ahead rule at write-back (REC-3).
 *       Pages on disk ({@code PageCodec}) carry a magic, their index, their page LSN and a CRC32C.</li>
 *   <li>Fuzzy checkpoints: a begin record, the tables, an end record, the restart area ({@code RestartData}) pointed
 *       at the begin record, the log's start moved to the oldest LSN still needed (REC-7). A full log is answered by
 *       writing back every dirty page and a checkpoint; space for every rollback's CLRs stays reserved.</li>
 *   <li>Restart ({@code Restart}, REC-4..6): analysis from the checkpoint's begin record, redo from the oldest
 *       recovery LSN with the page-LSN test (in the same read of the log, from the pages the log's open kept when
 *       they fit {@code StoreOptions.recoveryLogBytesMax}), undo of the losers with CLRs, end records, a
 *       checkpoint.</li>
 * </ul>
 *
 * <p>Errors extend {@link txstack.implementation.recovery.RecoveryException}. The deliberately broken behaviours the
 * conformance suite must catch ({@code RecoveryFault}) are package private and absent from the public API;
 * package-private overloads of {@code format} and {@code open} take one, reached only by the test fixture {@code
 * BrokenStores} (the {@code txstack-implementation} artifact with classifier {@code tests}).
 *
 * <p>Depends on {@code txstack.implementation.lfs} (the log), {@code txstack.implementation.disk} (the devices) and
 * the root package's {@link txstack.implementation.StorageException}; nothing above.
 */
package txstack.implementation.recovery;
